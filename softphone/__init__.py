"""The softphone core: Qt-free, every module runs and tests without a screen."""

__version__ = "0.1.0"
