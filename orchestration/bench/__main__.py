from orchestration.bench.cli import main

raise SystemExit(main())
