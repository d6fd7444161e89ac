// The stream inspector in the real window (offscreen): a live run from a real
// ChatServer fills it row by row with sane gaps; the seed's buffering server
// gets its burst highlighted and the banner says so; the View menu toggles the
// dock and the choice is remembered.
#include "server/agent/demoagent.h"
#include "server/agent/processagent.h"
#include "server/http/chatserver.h"
#include "tests/agents/pythonpath.h"
#include "tests/integration/cuttingproxy.h"
#include "tests/integration/seedpeer.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/messageinput.h"
#include "ui/widgets/streaminspector.h"
#include "ui/widgets/streaminspectormodel.h"

#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using rill::ChatClient;
using rill::StreamInspectorDock;
using rill::StreamInspectorModel;

namespace {

constexpr auto kStepDelay = 150ms;
constexpr int kRunTimeoutMs = 10000;

} // namespace

class TestStreamInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RillTest"));
        QSettings().clear();
    }

    void init()
    {
        // Token-protected, as the window's embedded server is.
        rill::ChatServer::Options options;
        options.access.token = rill::AccessPolicy::randomToken();
        m_server = std::make_unique<rill::ChatServer>(
            [] { return std::make_unique<rill::DemoAgent>(kStepDelay); }, options);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        m_client = std::make_unique<ChatClient>();
        m_client->setServerUrl(m_server->url());
        m_client->setToken(options.access.token);
        openWindow();
    }

    void cleanup()
    {
        m_window.reset();
        m_client.reset();
        m_server.reset();
    }

    void viewMenuTogglesTheDockAndRemembersIt()
    {
        StreamInspectorDock *dock = this->dock();
        QVERIFY(dock->isHidden()); // hidden until asked for
        QMenu *view = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
        QVERIFY(view);
        QAction *toggle = dock->toggleViewAction();
        QVERIFY(view->actions().contains(toggle));
        QVERIFY(!toggle->isChecked());
        toggle->trigger();
        QTRY_VERIFY(dock->isVisible());
        QVERIFY(toggle->isChecked());
        QCOMPARE(QSettings().value(QStringLiteral("inspector/visible")).toBool(), true);

        // A new window opens with it shown.
        openWindow();
        QTRY_VERIFY(this->dock()->isVisible());
        QVERIFY(this->dock()->toggleViewAction()->isChecked());
        this->dock()->toggleViewAction()->trigger();
        QTRY_VERIFY(this->dock()->isHidden());
        QCOMPARE(QSettings().value(QStringLiteral("inspector/visible")).toBool(), false);
        // Its own close button counts as a choice too.
        this->dock()->toggleViewAction()->trigger();
        QTRY_VERIFY(this->dock()->isVisible());
        QVERIFY(this->dock()->close());
        QVERIFY(!this->dock()->toggleViewAction()->isChecked());
        QCOMPARE(QSettings().value(QStringLiteral("inspector/visible")).toBool(), false);
    }

    void liveRunFillsRowsOneByOne()
    {
        dock()->show();
        StreamInspectorModel *model = dock()->model();
        QElapsedTimer clock;
        clock.start();
        QList<qint64> insertedAt;
        connect(model, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &, int first, int last) {
                QCOMPARE(last, first); // one event, one row, as it arrives
                insertedAt.append(clock.elapsed());
            });
        send(QStringLiteral("hello"));
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);

        QCOMPARE(model->rowCount(), 12);
        QCOMPARE(insertedAt.size(), 12);
        QCOMPARE(model->index(0, StreamInspectorModel::TypeColumn).data().toString(),
            QStringLiteral("assistant"));
        QCOMPARE(model->index(1, StreamInspectorModel::TypeColumn).data().toString(),
            QStringLiteral("planning"));
        QCOMPARE(model->index(11, StreamInspectorModel::TypeColumn).data().toString(),
            QStringLiteral("done"));
        QVERIFY(model->index(0, StreamInspectorModel::IdColumn)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral(":1")));
        qint64 previousT = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const qint64 gap
                = model->index(row, 0).data(StreamInspectorModel::GapMsRole).toLongLong();
            const qint64 t
                = model->index(row, 0).data(StreamInspectorModel::SinceRequestMsRole).toLongLong();
            QCOMPARE(gap, t - previousT); // the gap column agrees with the arrival times
            QCOMPARE(model->index(row, StreamInspectorModel::GapColumn).data().toLongLong(), gap);
            previousT = t;
            QVERIFY(!model->index(row, 0).data(StreamInspectorModel::InBurstRole).toBool());
            // Size is the data's UTF-8 length (these are short enough to show whole).
            QCOMPARE(model->index(row, StreamInspectorModel::SizeColumn).data().toLongLong(),
                model->index(row, StreamInspectorModel::DataColumn)
                    .data()
                    .toString()
                    .toUtf8()
                    .size());
        }
        // The agent's steps are a step delay apart, and the rows came that way.
        for (int row = 1; row < 11; ++row) {
            QVERIFY2(model->index(row, 0).data(StreamInspectorModel::GapMsRole).toLongLong() >= 75,
                qPrintable(QStringLiteral("row %1").arg(row)));
            QVERIFY2(insertedAt.at(row) - insertedAt.at(row - 1) >= 75,
                qPrintable(QStringLiteral("row %1 inserted %2 ms after the previous one")
                               .arg(row)
                               .arg(insertedAt.at(row) - insertedAt.at(row - 1))));
        }
        QVERIFY(!model->timing().isBuffered());
        QVERIFY2(verdict()->text().startsWith(QStringLiteral("Live: 12 event")),
            qPrintable(verdict()->text()));

        // A new run starts a new list.
        send(QStringLiteral("again"));
        QTRY_VERIFY(model->rowCount() >= 1);
        QVERIFY(model->rowCount() < 12);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
        QCOMPARE(model->rowCount(), 12);
    }

    void bufferingServerIsFlagged()
    {
        RILL_REQUIRE_SEED_PYTHON();
        SeedPeer seed;
        QString why;
        const quint16 port = seed.start({ QStringLiteral("--mode"), QStringLiteral("buffered"),
                                            QStringLiteral("--delay"), QStringLiteral("0.3") },
            &why);
        QVERIFY2(port, qPrintable(why));
        m_client->setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        dock()->show();
        StreamInspectorModel *model = dock()->model();
        send(QStringLiteral("hello"));
        // The silence is counted up while it lasts (1.2 s here)...
        QTRY_VERIFY2_WITH_TIMEOUT(
            verdict()->text().startsWith(QStringLiteral("Waiting for the first event")),
            qPrintable(verdict()->text()), 5000);
        QCOMPARE(model->rowCount(), 0);
        // ...then everything comes at once.
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);

        QCOMPARE(model->rowCount(), 5);
        for (int row = 0; row < 5; ++row) {
            const QModelIndex index = model->index(row, StreamInspectorModel::DataColumn);
            QVERIFY2(index.data(StreamInspectorModel::InBurstRole).toBool(),
                qPrintable(QStringLiteral("row %1").arg(row)));
            QVERIFY(index.data(Qt::BackgroundRole).isValid()); // highlighted
        }
        QVERIFY(model->index(0, 0).data(StreamInspectorModel::GapMsRole).toLongLong() >= 700);
        QVERIFY(model->index(4, 0).data(StreamInspectorModel::GapMsRole).toLongLong() <= 5);
        const QString text = verdict()->text();
        QVERIFY2(text.startsWith(QStringLiteral("Buffered: 5 events in ")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("s of silence")));
        QVERIFY(text.contains(QStringLiteral("holds events back")));
        QVERIFY(verdict()->isVisible());

        // Clicking a row shows its data as indented JSON.
        auto *table = dock()->findChild<QTableView *>(QStringLiteral("inspectorTable"));
        auto *details = dock()->findChild<QPlainTextEdit *>(QStringLiteral("inspectorDetails"));
        QVERIFY(table && details);
        const QRect cell = table->visualRect(model->index(1, StreamInspectorModel::TypeColumn));
        QVERIFY(!cell.isEmpty());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_VERIFY(
            details->toPlainText().contains(QStringLiteral("\n    \"type\": \"planning\"")));
        QVERIFY(details->toPlainText().contains(QStringLiteral("\"content\": \"1. 下载歌曲\"")));
    }

    void resumeKeepsAddingToTheSameRun()
    {
        // The connection drops after the second event; the client resumes with
        // Last-Event-ID and the server sends the rest. One run, one list, and
        // the catch-up after the reconnect is not taken for buffering.
        rill::ChatServer::Options options;
        options.retry = 200ms;
        rill::ChatServer server(
            [] { return std::make_unique<rill::DemoAgent>(kStepDelay); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        CuttingProxy proxy(server.port());
        QVERIFY(proxy.listen());
        m_client->setServerUrl(proxy.url());
        QSignalSpy requests(m_client.get(), &ChatClient::requestSent);
        StreamInspectorModel *model = dock()->model();
        connect(model, &QAbstractItemModel::rowsInserted, &proxy, [&] {
            if (model->rowCount() == 2 && proxy.cutCount() == 0)
                proxy.cutAll(CuttingProxy::Cut::Reset);
        });
        send(QStringLiteral("hello"));
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);

        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).at(0).toBool(), false);
        QCOMPARE(requests.at(1).at(0).toBool(), true);
        QCOMPARE(model->rowCount(), 12);
        for (int row = 0; row < 12; ++row) {
            QVERIFY(model->index(row, StreamInspectorModel::IdColumn)
                        .data()
                        .toString()
                        .endsWith(QStringLiteral(":%1").arg(row + 1)));
        }
        // The first event after the reconnect: its t counts from the new request,
        // its gap from the event before the drop (so it includes the retry wait).
        const qint64 t
            = model->index(2, 0).data(StreamInspectorModel::SinceRequestMsRole).toLongLong();
        const qint64 gap = model->index(2, 0).data(StreamInspectorModel::GapMsRole).toLongLong();
        QVERIFY2(gap >= 100 && t < gap, qPrintable(QStringLiteral("t %1, gap %2").arg(t).arg(gap)));
        QVERIFY(!model->timing().isBuffered());
        QVERIFY2(verdict()->text().startsWith(QStringLiteral("Live: 12 event")),
            qPrintable(verdict()->text()));
    }

    void bannerShowsTheAnswersFigures()
    {
        // A thinking agent: reasoning lines, a delta, the answer with its stats.
        rill::ProcessAgentOptions agent;
        agent.program = findPython();
        agent.arguments = { sourcePath(QStringLiteral("tests/agents/scripts/test_agent.py")),
            QStringLiteral("--mode"), QStringLiteral("reasoning") };
        m_server->setAgentFactory([agent] { return std::make_unique<rill::ProcessAgent>(agent); });
        dock()->show();
        send(QStringLiteral("think"));
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ChatClient::State::Idle, kRunTimeoutMs);
        StreamInspectorModel *model = dock()->model();
        QCOMPARE(model->index(0, StreamInspectorModel::TypeColumn).data().toString(),
            QStringLiteral("reasoning"));
        QCOMPARE(model->answer().thinkingPieces(), 2);
        QCOMPARE(model->answer().answerPieces(), 1);
        QTRY_VERIFY2(verdict()->text().contains(
                         QStringLiteral("Answer: 5 ms to first token · ~30 tokens · 15.0 "
                                        "tokens/s · thought 1.5 s (estimated)")),
            qPrintable(verdict()->text()));
    }

    void modelKeepsTheNewestRowsAndFlagsAcrossTheCut()
    {
        StreamInspectorModel model;
        model.setMaxRows(3);
        model.requestSent(false);
        const rill::SseEvent event { QString(), QStringLiteral("{\"type\":\"x\"}"), QString(), {} };
        model.addEvent(event, 10);
        model.addEvent(event, 900);
        model.addEvent(event, 900);
        model.addEvent(event, 901);
        model.addEvent(event, 901);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.timing().eventCount(), 5);
        QCOMPARE(model.timing().largestBurst()->events, 4);
        for (int row = 0; row < 3; ++row)
            QVERIFY(model.index(row, 0).data(StreamInspectorModel::InBurstRole).toBool());
        QCOMPARE(model.index(0, StreamInspectorModel::SinceRequestColumn).data().toLongLong(), 900);
        // Not JSON: shown as it came.
        model.addEvent(
            { QStringLiteral("tick"), QStringLiteral("a\nb"), QStringLiteral("7"), {} }, 2000);
        QCOMPARE(model.index(2, StreamInspectorModel::TypeColumn).data().toString(),
            QStringLiteral("tick"));
        QCOMPARE(model.index(2, StreamInspectorModel::DataColumn).data().toString(),
            QStringLiteral("a b"));
        QCOMPARE(model.index(2, 0).data(StreamInspectorModel::PrettyDataRole).toString(),
            QStringLiteral("a\nb"));
        // JSON is indented with its keys in the order they came, strings untouched.
        model.addEvent(
            { QString(), QStringLiteral("{\"type\":\"x\",\"a\":[1,{\"b\":\"}\\\",{\"}],\"e\":{}}"),
                QString(), {} },
            2100);
        QCOMPARE(model.index(2, 0).data(StreamInspectorModel::PrettyDataRole).toString(),
            QStringLiteral("{\n    \"type\": \"x\",\n    \"a\": [\n        1,\n        {\n"
                           "            \"b\": \"}\\\",{\"\n        }\n    ],\n    \"e\": {}\n}"));
    }

private:
    void openWindow()
    {
        m_window.reset();
        m_window = std::make_unique<rill::MainWindow>(m_client.get());
        m_window->resize(1000, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    StreamInspectorDock *dock() const
    {
        return m_window->findChild<StreamInspectorDock *>(QStringLiteral("streamInspectorDock"));
    }

    QLabel *verdict() const
    {
        return dock()->findChild<QLabel *>(QStringLiteral("inspectorVerdict"));
    }

    void send(const QString &text)
    {
        auto *input = m_window->findChild<rill::MessageInput *>(QStringLiteral("messageInput"));
        input->setPlainText(text);
        m_window->sendMessage();
        QCOMPARE(m_client->isBusy(), true);
    }

    std::unique_ptr<rill::ChatServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<rill::MainWindow> m_window;
};

QTEST_MAIN(TestStreamInspector)
#include "tst_streaminspector.moc"
