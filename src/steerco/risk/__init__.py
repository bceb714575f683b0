"""The risk register: scores and exposure, the AI risk library, suggestions, quantification."""
