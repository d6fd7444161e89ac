// EpollEventDispatcher, the headless server's event loop: timers, socket notifiers,
// posted events and wake-ups behave as with Qt's own dispatcher. The whole test runs on
// it (installed before QCoreApplication, as app/main.cpp does for `rill --serve`), so
// QTest's own waiting exercises it too.
#include "server/eventloop/epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

struct SocketPair
{
    int fds[2] = { -1, -1 };
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair() { closeBoth(); }
    void closeBoth()
    {
        for (int &fd : fds) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }
    void send(const char *text) const { (void)!::write(fds[1], text, strlen(text)); }
};

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void isTheInstalledDispatcher()
    {
        QVERIFY(qobject_cast<rill::EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    }

    void timersFireInDeadlineOrderAndNeverEarly()
    {
        QElapsedTimer clock;
        clock.start();
        QList<int> order;
        QList<qint64> at;
        for (int ms : { 30, 10, 20, 0 }) {
            QTimer::singleShot(ms, Qt::PreciseTimer, this, [&, ms] {
                order.append(ms);
                at.append(clock.elapsed());
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, 5000);
        QCOMPARE(order, (QList<int> { 0, 10, 20, 30 }));
        for (int i = 0; i < order.size(); ++i)
            QVERIFY2(at[i] >= order[i],
                qPrintable(QStringLiteral("%1 ms timer fired at %2 ms").arg(order[i]).arg(at[i])));
    }

    // A loop that stalls for five intervals fires a periodic timer once when it comes
    // back, not five times in a burst.
    void aLateTimerSkipsTheTicksItMissed()
    {
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(10);
        QElapsedTimer clock;
        clock.start();
        QList<qint64> fired;
        connect(&timer, &QTimer::timeout, this, [&] {
            fired.append(clock.elapsed());
            if (fired.size() == 1)
                QThread::msleep(55); // the stall under test, not a wait for something
        });
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(fired.size() >= 3, 5000);
        timer.stop();
        QVERIFY2(fired[2] - fired[1] >= 5,
            qPrintable(QStringLiteral("ticks at %1, %2, %3 ms")
                           .arg(fired[0])
                           .arg(fired[1])
                           .arg(fired[2])));
    }

    void reportsTimersAndTheirRemainingTime()
    {
        QObject owner;
        const int slow = owner.startTimer(10000, Qt::CoarseTimer);
        const int fast = owner.startTimer(50, Qt::PreciseTimer);
        auto *dispatcher = QAbstractEventDispatcher::instance();
        const auto timers = dispatcher->registeredTimers(&owner);
        QCOMPARE(timers.size(), 2);
        const int left = dispatcher->remainingTime(slow);
        QVERIFY2(left > 9000 && left <= 10000, qPrintable(QString::number(left)));
        QVERIFY(dispatcher->remainingTime(fast) <= 50);
        owner.killTimer(fast);
        QCOMPARE(dispatcher->remainingTime(fast), -1);
        QVERIFY(dispatcher->unregisterTimers(&owner));
        QVERIFY(dispatcher->registeredTimers(&owner).isEmpty());
    }

    // A zero-interval timer runs on every pass of the loop; sockets still get their turn.
    void aZeroTimerDoesNotStarveSockets()
    {
        QTimer busy;
        int spins = 0;
        connect(&busy, &QTimer::timeout, this, [&] { ++spins; });
        busy.start(0);
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        int reads = 0;
        connect(&notifier, &QSocketNotifier::activated, this, [&] {
            char buffer[64];
            while (::read(pair.fds[0], buffer, sizeof buffer) > 0) { }
            ++reads;
        });
        pair.send("ping");
        QTRY_COMPARE_WITH_TIMEOUT(reads, 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(spins > 10, 5000);
    }

    // Each handler deletes the other notifier: whichever runs first, the other, though
    // its socket was ready in the same pass, is never activated.
    void aNotifierRemovedByAnotherHandlerIsNotActivated()
    {
        SocketPair first, second;
        auto a = std::make_unique<QSocketNotifier>(first.fds[0], QSocketNotifier::Read);
        auto b = std::make_unique<QSocketNotifier>(second.fds[0], QSocketNotifier::Read);
        int activations = 0;
        connect(a.get(), &QSocketNotifier::activated, this, [&] {
            ++activations;
            b.reset();
            a->setEnabled(false);
        });
        connect(b.get(), &QSocketNotifier::activated, this, [&] {
            ++activations;
            a.reset();
            b->setEnabled(false);
        });
        first.send("x");
        second.send("y");
        QTRY_COMPARE_WITH_TIMEOUT(activations, 1, 5000);
        QCoreApplication::processEvents();
        QCOMPARE(activations, 1);
    }

    // A descriptor closed while its notifier was on, and its number given to a new
    // socket: the new socket's notifier works.
    void aReusedDescriptorNumberIsWatchedAgain()
    {
        int oldFd = -1;
        {
            SocketPair old;
            oldFd = old.fds[0];
            QSocketNotifier stale(old.fds[0], QSocketNotifier::Read);
            old.closeBoth(); // before the notifier goes: epoll has already dropped it
        }
        SocketPair fresh;
        QCOMPARE(fresh.fds[0], oldFd); // the kernel hands out the lowest free number
        QSocketNotifier notifier(fresh.fds[0], QSocketNotifier::Read);
        bool activated = false;
        connect(&notifier, &QSocketNotifier::activated, this, [&] {
            activated = true;
            notifier.setEnabled(false);
        });
        fresh.send("z");
        QTRY_VERIFY_WITH_TIMEOUT(activated, 5000);
    }

    void aHangUpWakesTheReader()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
        bool sawEnd = false;
        connect(&notifier, &QSocketNotifier::activated, this, [&] {
            char c;
            if (::read(pair.fds[0], &c, 1) == 0) {
                sawEnd = true;
                notifier.setEnabled(false);
            }
        });
        ::close(pair.fds[1]);
        pair.fds[1] = -1;
        QTRY_VERIFY_WITH_TIMEOUT(sawEnd, 5000);
    }

    // A megabyte each way over loopback TCP: QTcpSocket's read and write notifiers, the
    // way the server's sockets use them.
    void echoesAMegabyteOverLoopback()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll()); });
        });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 5000);
        const QByteArray payload(1024 * 1024, 'r');
        client.write(payload);
        QByteArray echoed;
        connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payload.size(), 10000);
        QCOMPARE(echoed, payload);
    }

    // An event posted from another thread wakes a loop that sleeps with nothing to do.
    void anEventPostedFromAnotherThreadWakesTheLoop()
    {
        bool delivered = false;
        QObject receiver;
        std::thread poster([&] {
            QMetaObject::invokeMethod(
                &receiver, [&] { delivered = true; }, Qt::QueuedConnection);
        });
        poster.join();
        QEventLoop loop;
        QTimer::singleShot(5000, &loop, &QEventLoop::quit); // the bound, if the wake-up is lost
        QMetaObject::invokeMethod(
            &receiver, [&] { loop.quit(); }, Qt::QueuedConnection);
        QElapsedTimer clock;
        clock.start();
        loop.exec();
        QVERIFY(delivered);
        QVERIFY(clock.elapsed() < 5000);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication::setEventDispatcher(new rill::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
