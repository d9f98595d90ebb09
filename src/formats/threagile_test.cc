// Placeholder: tests are written with the implementation.
