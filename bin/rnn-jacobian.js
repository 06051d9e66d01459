#!/usr/bin/env node
// Thin launcher: the command-line interface is compiled from src/tools/cli.ts into dist/.
"use strict";
require("../dist/tools/cli.js")
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`rnn-jacobian: ${error && error.message ? error.message : error}\n`);
      process.exitCode = 1;
    },
  );
