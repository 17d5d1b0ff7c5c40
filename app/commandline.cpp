#include "app/commandline.h"

#include "app/headlessrunner.h"
#include "app/sshcommands.h"
#include "document/reader.h"
#include "document/writer.h"
#include "protocol/kernelspecfinder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>

#include <limits>

namespace Notebench::App {

namespace {
QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

const char *const usageText =
    "Usage: notebench [FILE.ipynb…]            open notebooks in the window\n"
    "       notebench run NB.ipynb [options]   execute every code cell, headless\n"
    "       notebench convert IN.ipynb -o OUT.ipynb\n"
    "                                          read and write back canonically\n"
    "       notebench kernels                  list the kernelspecs found\n"
    "       notebench sessions ssh://HOST [--stop ID]\n"
    "                                          kernel sessions kept running on an SSH host\n"
    "       notebench attach ssh://HOST ID     replay a session's output, then follow it until idle\n"
    "       notebench --version | --help\n"
    "\n"
    "run options:\n"
    "  -o, --output FILE      write the executed notebook to FILE\n"
    "      --inplace          write the executed notebook over NB.ipynb\n"
    "      --kernel NAME      kernelspec to use (default: the notebook's, else python3)\n"
    "      --runtime SPEC     local | local-gpu[:IDS] | ssh://[user@]host[:port] | http(s)://SERVER\n"
    "      --ssh-config FILE  ssh config for ssh:// runtimes (as ssh -F)\n"
    "      --accept-new-host-key  record the key of an SSH host not yet in known_hosts\n"
    "      --remote-python CMD    the host's Python with jupyter_client (default: python3)\n"
    "      --timeout SECONDS  interrupt a cell that runs longer, and record the error\n"
    "      --allow-errors     keep going after a cell raises\n"
    "      --cwd DIR          working directory of the kernel (default: the notebook's folder)\n"
    "\n"
    "Exit status: 0 success, 1 a cell failed, 2 bad usage or bad input.\n";

int usageError(const QString &message)
{
    err() << "notebench: " << message << Qt::endl << "Try 'notebench --help'." << Qt::endl;
    return int(ExitCode::BadInput);
}

std::optional<Document::Notebook> readOrReport(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        err() << path << ": no such file." << Qt::endl;
        return std::nullopt;
    }
    auto result = Document::readNotebookFile(path.toStdString());
    for (const auto &notice : result.notices)
        err() << path << ": " << QString::fromStdString(notice) << Qt::endl;
    if (result.error) {
        err() << QString::fromStdString(result.error->toString()) << Qt::endl;
        return std::nullopt;
    }
    return std::move(result.notebook);
}

int runNotebook(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("notebook"), QStringLiteral("The notebook to run."));
    parser.addOptions({{{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file."), QStringLiteral("file")},
                       {QStringLiteral("inplace"), QStringLiteral("Overwrite the notebook.")},
                       {QStringLiteral("kernel"), QStringLiteral("Kernel name."), QStringLiteral("name")},
                       {QStringLiteral("runtime"), QStringLiteral("Runtime."), QStringLiteral("spec")},
                       {QStringLiteral("ssh-config"), QStringLiteral("ssh config file."), QStringLiteral("file")},
                       {QStringLiteral("accept-new-host-key"), QStringLiteral("Record an unknown host key.")},
                       {QStringLiteral("remote-python"), QStringLiteral("Python on the host."), QStringLiteral("command")},
                       {QStringLiteral("timeout"), QStringLiteral("Cell timeout."), QStringLiteral("seconds")},
                       {QStringLiteral("allow-errors"), QStringLiteral("Continue after errors.")},
                       {QStringLiteral("cwd"), QStringLiteral("Working directory."), QStringLiteral("dir")}});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(QStringLiteral("run takes exactly one notebook."));
    if (parser.isSet(QStringLiteral("output")) && parser.isSet(QStringLiteral("inplace")))
        return usageError(QStringLiteral("use either --output or --inplace, not both."));

    RunOptions options;
    options.notebookPath = positional.first();
    options.outputPath = parser.value(QStringLiteral("output"));
    options.inplace = parser.isSet(QStringLiteral("inplace"));
    options.kernelName = parser.value(QStringLiteral("kernel"));
    options.allowErrors = parser.isSet(QStringLiteral("allow-errors"));
    options.workingDirectory = parser.value(QStringLiteral("cwd"));
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        options.timeoutSeconds = parser.value(QStringLiteral("timeout")).toInt(&ok);
        // QTimer takes milliseconds in an int: 24 days is the longest limit it can hold.
        if (!ok || options.timeoutSeconds <= 0 || options.timeoutSeconds > std::numeric_limits<int>::max() / 1000)
            return usageError(QStringLiteral("--timeout needs a positive number of seconds (at most %1).")
                                  .arg(std::numeric_limits<int>::max() / 1000));
    }
    if (!options.workingDirectory.isEmpty() && !QFileInfo(options.workingDirectory).isDir())
        return usageError(QStringLiteral("--cwd '%1' is not a directory.").arg(options.workingDirectory));
    QString runtimeError;
    const auto runtime = RuntimeSpec::parse(parser.value(QStringLiteral("runtime")), &runtimeError);
    if (!runtime)
        return usageError(runtimeError);
    if (const QString reason = runtime->unavailableReason(); !reason.isEmpty())
        return usageError(reason);
    options.runtime = *runtime;
    options.ssh.configFile = parser.value(QStringLiteral("ssh-config"));
    options.ssh.acceptNewHostKey = parser.isSet(QStringLiteral("accept-new-host-key"));
    options.ssh.python = parser.value(QStringLiteral("remote-python"));
    if (!options.ssh.configFile.isEmpty() && !QFileInfo(options.ssh.configFile).isFile())
        return usageError(QStringLiteral("--ssh-config '%1' is not a file.").arg(options.ssh.configFile));

    auto notebook = readOrReport(options.notebookPath);
    if (!notebook)
        return int(ExitCode::BadInput);

    HeadlessRunner runner(std::move(*notebook), options, err());
    QEventLoop loop;
    int exitCode = 0;
    QObject::connect(&runner, &HeadlessRunner::finished, &loop, [&](ExitCode code) {
        exitCode = int(code);
        loop.quit();
    });
    runner.start();
    loop.exec();
    return exitCode;
}

int convertNotebook(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("input"), QStringLiteral("Notebook to read."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file."), QStringLiteral("file")});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("output")))
        return usageError(QStringLiteral("convert needs IN.ipynb and -o OUT.ipynb."));
    auto notebook = readOrReport(parser.positionalArguments().first());
    if (!notebook)
        return int(ExitCode::BadInput);
    const QString target = parser.value(QStringLiteral("output"));
    if (const auto error = Document::saveNotebookFile(target.toStdString(), *notebook); !error.empty()) {
        err() << QString::fromStdString(error) << Qt::endl;
        return int(ExitCode::BadInput);
    }
    return int(ExitCode::Success);
}

int listKernels()
{
    const Protocol::KernelSpecFinder finder;
    const auto specs = finder.findAll();
    if (specs.empty()) {
        out() << "No kernelspecs found. Looked in:" << Qt::endl;
        for (const auto &dir : finder.kernelDirs())
            out() << "  " << QString::fromStdString(dir.string()) << Qt::endl;
        return int(ExitCode::Success);
    }
    qsizetype width = 0;
    for (const auto &spec : specs)
        width = std::max(width, qsizetype(spec.name.size()));
    out() << "Available kernels:" << Qt::endl;
    for (const auto &spec : specs) {
        out() << "  " << QString::fromStdString(spec.name).leftJustified(width + 2) << QString::fromStdString(spec.resourceDir.string())
              << "  (" << QString::fromStdString(spec.displayName) << ")" << Qt::endl;
    }
    return int(ExitCode::Success);
}
} // namespace

bool isCommandLineInvocation(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    // Verbs and options first (a file named "run" must not shadow the verb); then notebook paths go
    // to the window, and any other word is a mistyped command.
    static const QStringList verbs{QStringLiteral("run"), QStringLiteral("convert"), QStringLiteral("kernels"),
                                   QStringLiteral("sessions"), QStringLiteral("attach")};
    const QString first = arguments.at(1);
    if (verbs.contains(first) || first.startsWith(QLatin1Char('-')))
        return true;
    return !first.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive) && !QFileInfo::exists(first);
}

int runCommandLine(const QStringList &arguments)
{
    const QString verb = arguments.value(1);
    QStringList rest = arguments;
    rest.removeAt(1); // QCommandLineParser expects the program name first
    if (verb == QLatin1String("--version") || verb == QLatin1String("-v")) {
        out() << "notebench " << QCoreApplication::applicationVersion() << Qt::endl;
        return int(ExitCode::Success);
    }
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h")) {
        out() << usageText;
        out().flush();
        return int(ExitCode::Success);
    }
    if (verb == QLatin1String("run"))
        return runNotebook(rest);
    if (verb == QLatin1String("convert"))
        return convertNotebook(rest);
    if (verb == QLatin1String("kernels"))
        return listKernels();
    if (verb == QLatin1String("sessions"))
        return runSessionsCommand(rest, out(), err());
    if (verb == QLatin1String("attach"))
        return runAttachCommand(rest, out(), err());
    return usageError(QStringLiteral("unknown command '%1'.").arg(verb));
}

} // namespace Notebench::App
