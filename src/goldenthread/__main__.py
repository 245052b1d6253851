from goldenthread.cli import main

raise SystemExit(main())
