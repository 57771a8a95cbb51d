"""The adaptive-assessment engine: plain Python, no Django import.

Dataclasses in, dataclasses out; randomness only from an explicit seed. Everything the
portals need to decide (next challenge, knowledge elements, pix and levels, certification
scores) is computed here, so it can be read, tested and benchmarked alone.
"""
