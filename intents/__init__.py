"""Understanding utterances: intent data, the fuzzy matcher and the crisis guard.

Knows nothing of audio or of the dialogue.
"""
