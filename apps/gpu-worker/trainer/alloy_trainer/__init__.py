"""Alloy's PyTorch trainer: LLaMA-family models in the Hugging Face layout."""

__version__ = "0.1.0"
