"""Bookmarks, highlights and notes: the reader's own work, anchored to article text and kept safe."""
