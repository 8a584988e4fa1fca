"""The grounding assistant: dialogue, sessions, content, storage and the command line."""

__version__ = "0.1.0"
