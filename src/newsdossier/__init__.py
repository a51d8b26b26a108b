def hello() -> str:
    return "Hello from newsdossier!"
