// load tests follow once the readers land
