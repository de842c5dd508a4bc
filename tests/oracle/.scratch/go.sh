#!/bin/sh
cd /work/main && npx tsc tests/oracle/.scratch/run.ts --outDir tests/oracle/.scratch/build --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck --strict --types node --rootDir . 2>&1 | grep -v "npm warn" ; node tests/oracle/.scratch/build/tests/oracle/.scratch/run.js "$@"
