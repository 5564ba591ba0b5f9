"""Entry point of `python -m generator`."""

from generator.cli import run

if __name__ == "__main__":
    run()
