#include "app/commandline.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Notebench"));
    QCoreApplication::setOrganizationName(QStringLiteral("Notebench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NOTEBENCH_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    if (Notebench::App::isCommandLineInvocation(arguments))
        return Notebench::App::runCommandLine(arguments);

    // The notebook window arrives with the editor; until then the command line is the way in.
    QTextStream(stderr) << "notebench: the notebook window is not part of this build yet; "
                           "see 'notebench --help' for the command line."
                        << Qt::endl;
    return 2;
}
