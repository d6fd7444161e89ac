#include "server/agent/processgroup.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTimer>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace rill::ProcessGroup {

namespace {

// Set once aboutToQuit was emitted. Children live in the GUI thread, which
// alone reads and writes it. Tests that never run exec() never quit.
bool g_quitting = false;

void watchForQuit()
{
    static const bool watching = [] {
        auto *app = QCoreApplication::instance();
        return app
            && QObject::connect(app, &QCoreApplication::aboutToQuit, [] { g_quitting = true; });
    }();
    Q_UNUSED(watching)
}

// What is left of the group once its leader has gone: asked to end, and
// killed after `grace`. Usually nothing is left, and then nothing is sent
// later: once a group is empty its id may in time be given to another one.
void endLeftovers(qint64 group, std::chrono::milliseconds grace)
{
    if (group <= 0 || ::kill(-pid_t(group), 0) != 0)
        return;
    if (applicationQuitting()) { // no timer would fire any more
        signalGroup(group, SIGKILL);
        return;
    }
    signalGroup(group, SIGTERM);
    QTimer::singleShot(
        grace, QCoreApplication::instance(), [group] { signalGroup(group, SIGKILL); });
}

} // namespace

void startInOwnGroup(QProcess &process)
{
    watchForQuit();
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
}

void signalGroup(qint64 group, int signal)
{
    if (group > 0)
        ::kill(-pid_t(group), signal);
}

bool applicationQuitting()
{
    return g_quitting;
}

void retire(QProcess *process, qint64 group, std::chrono::milliseconds grace, bool letItExitFirst)
{
    if (!process)
        return;
    if (process->state() == QProcess::NotRunning) {
        endLeftovers(group, grace);
        process->deleteLater();
        return;
    }
    const auto terminate = [group] { signalGroup(group, SIGTERM); };
    const auto kill = [group] { signalGroup(group, SIGKILL); };
    if (applicationQuitting()) {
        // The event loop has ended, so no timer would fire: the child gets its
        // grace period here, blocking (after SIGTERM at once: quitting must
        // not wait for every child's grace twice).
        terminate();
        if (!process->waitForFinished(int(grace.count()))) {
            kill();
            process->waitForFinished();
        }
        endLeftovers(group, grace); // what it started had the same SIGTERM
        delete process;
        return;
    }
    process->setParent(QCoreApplication::instance());
    QObject::connect(process, &QProcess::finished, process, [process, group, grace] {
        endLeftovers(group, grace);
        process->deleteLater();
    });
    if (letItExitFirst) {
        QTimer::singleShot(grace, process, terminate);
        QTimer::singleShot(2 * grace, process, kill);
    } else {
        terminate();
        QTimer::singleShot(grace, process, kill);
    }
}

} // namespace rill::ProcessGroup
