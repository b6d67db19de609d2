"""Test helpers shared by every test layer: fakes that live beyond the wire."""
