"""Sound in and out: capture, playback, recognition, synthesis and tones.

Knows nothing of the dialogue: it turns text and timed cues into sound, and sound into text.
"""
