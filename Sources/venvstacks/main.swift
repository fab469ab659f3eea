import VenvStacksCLI
VenvStacksCommand.main()
