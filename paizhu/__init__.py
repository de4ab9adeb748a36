"""派驻监督工作平台 (paizhu)."""

__version__ = "0.1.0"
