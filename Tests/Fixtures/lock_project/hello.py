"""Launch module of the lock-fixture app."""
print("hello")
