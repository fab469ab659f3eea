"""Launch module shared by the stack_specs fixtures: prints one line and exits."""

print("Environment launch module executed successfully")
