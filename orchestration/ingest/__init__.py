"""Landing files → the warehouse's raw schema."""
