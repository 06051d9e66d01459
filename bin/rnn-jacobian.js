#!/usr/bin/env node
// Thin launcher: the command-line interface is compiled from src/cli.ts into dist/.
"use strict";
require("../dist/cli.js")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
