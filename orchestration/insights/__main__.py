from orchestration.insights.score import main

raise SystemExit(main())
