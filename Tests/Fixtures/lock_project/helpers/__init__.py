"""Support package of the lock-fixture app."""
