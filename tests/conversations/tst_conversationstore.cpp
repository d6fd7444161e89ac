// The conversation store against a real directory: save, reload, rename and
// delete; damaged files beside good ones; and a writer killed with SIGKILL in
// the middle of many saves (this binary re-run as the writer, see main()).
#include "ui/store/conversationfile.h"
#include "ui/store/conversationlistmodel.h"
#include "ui/store/conversationstore.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;
using rill::Conversation;
using rill::ConversationHeader;
using rill::ConversationListModel;
using rill::ConversationStore;

namespace {

const QString kSaveLoopArg = u"--save-loop"_s;
constexpr int kLoopItems = 40;

QJsonObject item(const QString &kind, const QString &text)
{
    return { { u"kind"_s, kind }, { u"text"_s, text } };
}

Conversation conversation(const QString &title, const QJsonArray &items)
{
    Conversation c;
    c.header.title = title;
    c.header.sessionId = u"session-"_s + QString::fromLatin1(title.toUtf8().toHex().left(16));
    c.items = items;
    return c;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Saves stamp `updated` to the millisecond; this makes the next one later
// (the clock moves on within a millisecond: no timer involved).
void nextMillisecond()
{
    const QDateTime start = QDateTime::currentDateTimeUtc();
    while (QDateTime::currentDateTimeUtc() == start) { }
}

// One version of the conversation the writer saves again and again: every
// item names the version, so a file mixing two versions is caught.
Conversation loopVersion(int version)
{
    QJsonArray items;
    for (int i = 0; i < kLoopItems; ++i) {
        items.append(item(i % 2 ? u"assistant"_s : u"user"_s,
            u"version %1 item %2 "_s.arg(version).arg(i) + QString(400, u'x')));
    }
    Conversation c = conversation(u"version %1"_s.arg(version), items);
    c.header.id = u"looped"_s;
    return c;
}

// The child: saves the same conversation until killed, telling after each save.
int saveLoop(const QString &directory)
{
    ConversationStore store(directory);
    for (int version = 1;; ++version) {
        if (!store.save(loopVersion(version)))
            return 2;
        std::printf("saved %d\n", version);
        std::fflush(stdout);
    }
}

} // namespace

class TestConversationStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void saveReloadRenameDelete();
    void listModelOrder();
    void damagedFilesAreSkippedAndKept();
    void everyTruncationIsReported();
    void damageInsideIsReportedOnOpen();
    void interruptedWriteLeavesACompleteVersion();
    void titleFromFirstMessage_data();
    void titleFromFirstMessage();
    void inMemoryStoreTouchesNoDisk();
    void conversationOptionsAreKept();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(u"conversations"_s); }
};

void TestConversationStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestConversationStore::saveReloadRenameDelete()
{
    const QJsonArray itemsA { item(u"user"_s, u"我想听晴天"_s),
        QJsonObject { { u"kind"_s, u"plan"_s },
            { u"steps"_s,
                QJsonArray { QJsonObject { { u"title"_s, u"1. 下载歌曲"_s },
                    { u"state"_s, u"done"_s }, { u"detail"_s, u"ok"_s } } } } },
        item(u"assistant"_s, u"**好的**\n\n- one\n- two"_s) };
    const QJsonArray itemsB { item(u"user"_s, u"second \"quoted\" \\ chat"_s),
        item(u"error"_s, u"step 2 failed"_s) };

    std::optional<ConversationHeader> a, b;
    {
        ConversationStore store(path()); // the directory does not exist yet
        QVERIFY(store.headers().isEmpty());
        QVERIFY(store.problems().isEmpty());
        QSignalSpy saved(&store, &ConversationStore::saved);
        a = store.save(conversation(u"Sunny day"_s, itemsA));
        b = store.save(conversation(u"Second"_s, itemsB));
        QVERIFY(a && b);
        QCOMPARE(saved.size(), 2);
        QVERIFY(a->id != b->id);
        QVERIFY(rill::ConversationFile::isValidId(a->id));
        QVERIFY(a->created.isValid() && a->updated >= a->created);
        QVERIFY(QFile::exists(QDir(path()).filePath(a->id + u".json"_s)));
    }

    ConversationStore reopened(path());
    QVERIFY(reopened.problems().isEmpty());
    QCOMPARE(reopened.headers().size(), 2);
    QCOMPARE(*reopened.header(a->id), *a);
    QCOMPARE(*reopened.header(b->id), *b);
    const auto loaded = reopened.load(a->id);
    QVERIFY(loaded);
    QCOMPARE(loaded->header, *a);
    QCOMPARE(loaded->items, itemsA);
    QCOMPARE(reopened.load(b->id)->items, itemsB);

    // Saving again keeps the id and creation time, moves `updated` on.
    QJsonArray more = itemsB;
    more.append(item(u"assistant"_s, u"later"_s));
    Conversation again { *b, more };
    nextMillisecond();
    const auto b2 = reopened.save(again);
    QVERIFY(b2);
    QCOMPARE(b2->id, b->id);
    QCOMPARE(b2->created, b->created);
    QVERIFY(b2->updated > b->updated);

    QVERIFY(reopened.rename(a->id, u"  Renamed   chat "_s));
    QVERIFY(!reopened.rename(a->id, u"   "_s)); // an empty title is refused
    QVERIFY(!reopened.rename(u"nope"_s, u"x"_s));

    ConversationStore third(path());
    QCOMPARE(third.header(a->id)->title, u"Renamed chat"_s);
    QCOMPARE(third.header(a->id)->updated, a->updated); // a rename does not reorder
    QCOMPARE(third.load(a->id)->items, itemsA);
    QCOMPARE(third.load(b->id)->items, more);

    QSignalSpy removed(&third, &ConversationStore::removed);
    QVERIFY(third.remove(a->id));
    QCOMPARE(removed.size(), 1);
    QVERIFY(!QFile::exists(QDir(path()).filePath(a->id + u".json"_s)));
    QVERIFY(!third.remove(a->id));
    ConversationStore fourth(path());
    QCOMPARE(fourth.headers().size(), 1);
    QVERIFY(fourth.contains(b->id));
}

void TestConversationStore::listModelOrder()
{
    ConversationStore store(path());
    ConversationListModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto first = store.save(conversation(u"first"_s, { item(u"user"_s, u"1"_s) }));
    nextMillisecond();
    const auto second = store.save(conversation(u"second"_s, { item(u"user"_s, u"2"_s) }));
    nextMillisecond();
    const auto third = store.save(conversation(u"third"_s, { item(u"user"_s, u"3"_s) }));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.idAt(0), third->id); // newest first
    QCOMPARE(model.idAt(2), first->id);

    // The oldest gets a new message: it moves to the top, as one row move.
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    nextMillisecond();
    store.save({ *first, { item(u"user"_s, u"1"_s), item(u"assistant"_s, u"a"_s) } });
    QCOMPARE(moved.size(), 1);
    QCOMPARE(model.idAt(0), first->id);
    QCOMPARE(model.idAt(1), third->id);
    QCOMPARE(model.idAt(2), second->id);

    // Renaming through the model edits the store, not the order.
    QVERIFY(model.setData(model.index(2), u"second, renamed"_s));
    QCOMPARE(model.index(2).data().toString(), u"second, renamed"_s);
    QCOMPARE(store.header(second->id)->title, u"second, renamed"_s);
    QVERIFY(model.flags(model.index(0)) & Qt::ItemIsEditable);

    QVERIFY(store.remove(third->id));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(third->id), -1);
    ConversationListModel reread(&store);
    QCOMPARE(reread.idAt(0), first->id);
    QCOMPARE(reread.idAt(1), second->id);
}

void TestConversationStore::damagedFilesAreSkippedAndKept()
{
    QString goodA, goodB;
    {
        ConversationStore store(path());
        goodA = store.save(conversation(u"good A"_s, { item(u"user"_s, u"hello"_s) }))->id;
        goodB = store.save(conversation(u"good B"_s, { item(u"user"_s, u"world"_s) }))->id;
    }
    const QDir dir(path());
    const QByteArray full = readAll(dir.filePath(goodA + u".json"_s));
    QVERIFY(full.size() > 100);
    const QMap<QString, QByteArray> bad {
        { u"truncated.json"_s, full.left(full.size() / 2) },
        { u"truncated-late.json"_s, full.left(full.size() - 4) },
        { u"garbage.json"_s, QByteArray("\x00\xff\x13garbage{{{", 13) },
        { u"empty.json"_s, QByteArray() },
        { u"array.json"_s, QByteArrayLiteral("[1,2,3]") },
        { u"future.json"_s, QByteArrayLiteral("{\"version\":99,\"id\":\"future\",\"items\":[]}") },
        { u"bad name.json"_s, full },
    };
    for (auto it = bad.cbegin(); it != bad.cend(); ++it)
        writeFile(dir.filePath(it.key()), it.value());
    // Not a conversation file at all: QSaveFile's leftovers, other files.
    writeFile(dir.filePath(goodA + u".json.AbC123"_s), full.left(10));
    writeFile(dir.filePath(u"notes.txt"_s), "hello");

    // Each one is logged, with its name.
    for (auto it = bad.cbegin(); it != bad.cend(); ++it) {
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(u"skipping conversation file .*/"_s
                + QRegularExpression::escape(it.key()) + u" : .+"_s));
    }
    ConversationStore store(path());
    QCOMPARE(store.headers().size(), 2);
    QCOMPARE(store.header(goodA)->title, u"good A"_s);
    QCOMPARE(store.load(goodB)->items.size(), 1);
    QStringList reported;
    for (const auto &problem : store.problems()) {
        QVERIFY2(!problem.reason.isEmpty(), qPrintable(problem.fileName));
        reported.append(problem.fileName);
    }
    reported.sort();
    QStringList expected = bad.keys();
    expected.sort();
    QCOMPARE(reported, expected);
    QVERIFY(store.problems().first().reason.size() > 5);

    // Working with the good ones leaves the bad ones as they were.
    QVERIFY(store.save(conversation(u"new"_s, { item(u"user"_s, u"x"_s) })));
    QVERIFY(store.remove(goodB));
    QVERIFY(store.rename(goodA, u"still good"_s));
    for (auto it = bad.cbegin(); it != bad.cend(); ++it)
        QCOMPARE(readAll(dir.filePath(it.key())), it.value());
    QVERIFY(QFile::exists(dir.filePath(u"notes.txt"_s)));
}

void TestConversationStore::everyTruncationIsReported()
{
    QString id;
    {
        ConversationStore store(path());
        id = store
                 .save(conversation(u"cut me"_s,
                     { item(u"user"_s, u"晴天"_s),
                         QJsonObject { { u"kind"_s, u"plan"_s },
                             { u"steps"_s,
                                 QJsonArray { QJsonObject { { u"title"_s, u"a"_s },
                                     { u"state"_s, u"failed"_s },
                                     { u"detail"_s, u"d"_s } } } } } }))
                 ->id;
    }
    const QString file = QDir(path()).filePath(id + u".json"_s);
    const QByteArray full = readAll(file);
    QVERIFY(full.endsWith("]}\n"));
    // Every cut but the final newline's loses something: each must be caught
    // when the list is read, not later.
    for (qsizetype length = 0; length < full.size() - 1; ++length) {
        writeFile(file, full.left(length));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping conversation file"_s));
        ConversationStore store(path());
        QVERIFY2(!store.contains(id), qPrintable(u"cut at %1 not noticed"_s.arg(length)));
        QCOMPARE(store.problems().size(), 1);
    }
    writeFile(file, full.left(full.size() - 1));
    QVERIFY(ConversationStore(path()).load(id));
}

void TestConversationStore::damageInsideIsReportedOnOpen()
{
    QString id;
    {
        ConversationStore store(path());
        id = store.save(conversation(u"x"_s, { item(u"user"_s, u"abc"_s) }))->id;
    }
    const QString file = QDir(path()).filePath(id + u".json"_s);
    QByteArray bytes = readAll(file);
    bytes.replace("{\"kind\":\"user\"", "{\"kind\" \"user\""); // head and end intact
    writeFile(file, bytes);
    ConversationStore store(path());
    QVERIFY(store.contains(id)); // only the header was read
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot read conversation"_s));
    QVERIFY(!store.load(id, &error));
    QVERIFY2(error.contains(u"JSON"_s), qPrintable(error));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot read conversation"_s));
    QVERIFY(!store.rename(id, u"renamed"_s)); // cannot rewrite what it cannot read
    QCOMPARE(readAll(file), bytes);
}

void TestConversationStore::interruptedWriteLeavesACompleteVersion()
{
    // Kills the writer a few times at different points of its loop.
    int lastSeen = 0;
    for (int round = 0; round < 3; ++round) {
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(QCoreApplication::applicationFilePath(), { kSaveLoopArg, path() });
        QVERIFY(writer.waitForStarted());
        // Let it save a number of times that varies between rounds.
        const int target = 20 + round * 17;
        QByteArray output;
        QVERIFY(QTest::qWaitFor(
            [&] {
                output += writer.readAllStandardOutput();
                return output.count('\n') >= target;
            },
            20000));
        QCOMPARE(::kill(pid_t(writer.processId()), SIGKILL), 0);
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        output += writer.readAllStandardOutput();
        const QList<QByteArray> lines = output.trimmed().split('\n');
        lastSeen = lines.last().mid(6).toInt();
        QVERIFY(lastSeen >= target);

        ConversationStore store(path());
        QVERIFY2(store.problems().isEmpty(),
            qPrintable(
                store.problems().value(0).fileName + u": "_s + store.problems().value(0).reason));
        QCOMPARE(store.headers().size(), 1);
        const auto loaded = store.load(u"looped"_s);
        QVERIFY(loaded);
        // One complete version: the last one reported saved, or the one being
        // written when the kill came (its rename may have happened).
        const int version = loaded->header.title.mid(8).toInt();
        QVERIFY2(version == lastSeen || version == lastSeen + 1,
            qPrintable(u"file has version %1, last reported %2"_s.arg(version).arg(lastSeen)));
        QCOMPARE(loaded->items, loopVersion(version).items);
    }
}

void TestConversationStore::titleFromFirstMessage_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("title");
    QTest::newRow("short") << u"我想听晴天"_s << u"我想听晴天"_s;
    QTest::newRow("first line") << u"  play something\nby Jay Chou"_s << u"play something"_s;
    QTest::newRow("spaces") << u"a   b\tc"_s << u"a b c"_s;
    QTest::newRow("long") << QString(100, u'x') << QString(59, u'x') + QChar(0x2026);
}

void TestConversationStore::titleFromFirstMessage()
{
    QFETCH(QString, message);
    QFETCH(QString, title);
    QCOMPARE(ConversationStore::titleFrom(message), title);
}

void TestConversationStore::conversationOptionsAreKept()
{
    // The bar's choices sit in the header: the list reads them without the items,
    // even when a long system prompt pushes the items past the header's first read.
    const QString longPrompt = QString(6000, u'海'); // 18 000 bytes of UTF-8
    const QJsonObject options { { u"model"_s, u"qwen3:8b"_s }, { u"system"_s, longPrompt } };
    Conversation chat = conversation(u"with options"_s, { item(u"user"_s, u"hi"_s) });
    chat.header.options = options;
    Conversation plain = conversation(u"without"_s, { item(u"user"_s, u"hi"_s) });
    QString chatId;
    QString plainId;
    {
        ConversationStore store(path());
        chatId = store.save(chat)->id;
        plainId = store.save(plain)->id;
    }
    ConversationStore store(path());
    QVERIFY(store.problems().isEmpty());
    QCOMPARE(store.header(chatId)->options, options);
    QCOMPARE(store.load(chatId)->header.options, options);
    QVERIFY(store.header(plainId)->options.isEmpty());
    // A conversation without choices is written as before, with no options key.
    QVERIFY(!readAll(QDir(path()).filePath(plainId + u".json"_s)).contains("\"options\""));
}

void TestConversationStore::inMemoryStoreTouchesNoDisk()
{
    ConversationStore store(QString {});
    const auto saved = store.save(conversation(u"m"_s, { item(u"user"_s, u"m"_s) }));
    QVERIFY(saved);
    QCOMPARE(store.load(saved->id)->items.size(), 1);
    QVERIFY(store.rename(saved->id, u"n"_s));
    QCOMPARE(store.header(saved->id)->title, u"n"_s);
    QVERIFY(store.remove(saved->id));
    QVERIFY(store.headers().isEmpty());
    QVERIFY(!QDir(path()).exists());
}

int main(int argc, char **argv)
{
    if (argc == 3 && QString::fromLocal8Bit(argv[1]) == kSaveLoopArg) {
        QCoreApplication app(argc, argv);
        return saveLoop(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestConversationStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_conversationstore.moc"
