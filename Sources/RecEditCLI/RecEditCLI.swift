// RecEditCLI
