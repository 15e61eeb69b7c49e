"""The embedded emulator's front door: what AWS checks before a request reaches a service."""
