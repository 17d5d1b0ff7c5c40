#pragma once

#include <QStringList>

namespace Notebench::App {

/// True when the arguments start with a command (run, convert, kernels, --help, --version, or an
/// unknown word) rather than notebook files for the window.
bool isCommandLineInvocation(const QStringList &arguments);

/// Runs `notebench run|convert|kernels|--help|--version`; returns the process exit code.
/// `run` needs a running QCoreApplication event loop, which this function drives itself.
int runCommandLine(const QStringList &arguments);

} // namespace Notebench::App
