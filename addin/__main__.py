from addin.cli.main import main

raise SystemExit(main())
