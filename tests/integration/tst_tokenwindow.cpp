// The window against a token-protected server, as `rill --connect URL --token T`
// sets it up: the right token streams, a missing or wrong one is shown in the
// chat as a readable message; the embedded server gets the token it was given.
#include "demoserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/connectionsettings.h"
#include "ui/widgets/mainwindow.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using rill::ChatItem;

class TestTokenWindow : public QObject
{
    Q_OBJECT

private:
    QList<QPointer<rill::Agent>> m_agents;

    static int countKind(const rill::ChatModel *model, ChatItem::Kind kind)
    {
        int count = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            count += model->item(row).kind == kind ? 1 : 0;
        return count;
    }

    static QString lastError(const rill::ChatModel *model)
    {
        for (int row = model->rowCount() - 1; row >= 0; --row) {
            if (model->item(row).kind == ChatItem::Kind::Error)
                return model->item(row).text;
        }
        return {};
    }

private slots:
    void remoteWithToken()
    {
        rill::ChatServer::Options protectedOptions;
        protectedOptions.access.token = QStringLiteral("window-token");
        auto remote = startDemoServer(1ms, protectedOptions, &m_agents);
        // The embedded server has a token of its own, as `rill` gives it one per launch.
        rill::ChatServer::Options embeddedOptions;
        embeddedOptions.access.token = rill::AccessPolicy::randomToken();
        auto embedded = startDemoServer(1ms, embeddedOptions, &m_agents);

        rill::ChatClient client;
        rill::MainWindow window(&client);
        window.setEmbeddedServer(embedded->url(), embeddedOptions.access.token);
        QSignalSpy finished(&client, &rill::ChatClient::streamFinished);

        rill::ConnectionSettings settings;
        settings.mode = rill::ConnectionSettings::Mode::Remote;
        settings.url = remote->url();
        window.applySettings(settings); // no token
        client.send(QStringLiteral("hi"));
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY2(lastError(window.model()).contains(u"401"), qPrintable(lastError(window.model())));
        QVERIFY(lastError(window.model()).contains(u"--token"));

        settings.token = QStringLiteral("window-token");
        window.applySettings(settings);
        const int errors = countKind(window.model(), ChatItem::Kind::Error);
        client.send(QStringLiteral("hi"));
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(countKind(window.model(), ChatItem::Kind::Error), errors);
        QVERIFY(countKind(window.model(), ChatItem::Kind::Assistant) >= 1);
        QCOMPARE(countKind(window.model(), ChatItem::Kind::Plan), 1);

        // Back to the embedded server: the window sends that server's own token, not the
        // remote one.
        window.applySettings(rill::ConnectionSettings {});
        QCOMPARE(client.serverUrl(), embedded->url());
        client.send(QStringLiteral("hi"));
        QTRY_COMPARE(finished.size(), 3);
        QCOMPARE(countKind(window.model(), ChatItem::Kind::Error), errors);
        QCOMPARE(countKind(window.model(), ChatItem::Kind::Plan), 2);
    }
};

QTEST_MAIN(TestTokenWindow)
#include "tst_tokenwindow.moc"
