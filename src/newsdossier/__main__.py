from newsdossier.cli import main

main()
