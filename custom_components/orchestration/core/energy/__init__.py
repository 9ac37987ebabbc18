"""Energy and time: tariffs, load scheduling, thermal estimates, power, quiet hours."""
