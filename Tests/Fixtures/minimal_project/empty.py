"""Launch module for the minimal project's applications: prints one line and exits."""

print("Environment launch module executed successfully")
