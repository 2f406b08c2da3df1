// Pail's benchmark: prints measured figures against their budgets.
