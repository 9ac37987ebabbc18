"""Tests of the Orchestration integration."""
