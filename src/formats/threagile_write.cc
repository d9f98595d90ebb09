// Placeholder: implemented by the module owner.
