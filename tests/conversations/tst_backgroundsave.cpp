// Saving a conversation in the background (ConversationStore::saveInBackground,
// BackgroundWriter): the work leaves the calling thread, the newest version
// wins, every other call sees it, a failure is told, and nothing handed over
// is lost when the store goes away.
#include "ui/store/backgroundwriter.h"
#include "ui/store/conversationfile.h"
#include "ui/store/conversationstore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using rill::BackgroundWriter;
using rill::ConversationHeader;
using rill::ConversationStore;

namespace {

QJsonArray items(const QString &text, int count = 1)
{
    QJsonArray array;
    for (int i = 0; i < count; ++i)
        array.append(QJsonObject { { u"kind"_s, u"user"_s }, { u"text"_s, text } });
    return array;
}

ConversationHeader titled(const QString &title)
{
    ConversationHeader header;
    header.title = title;
    return header;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Keeps a writer busy until released, so that later jobs queue up behind it.
struct Blocker
{
    QSemaphore started;
    QSemaphore release;

    BackgroundWriter::Job job()
    {
        return [this] {
            started.release();
            release.acquire();
            return QString();
        };
    }
};

} // namespace

class TestBackgroundSave : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void writerRunsJobsInOrderOnItsOwnThread();
    void writerKeepsOnlyTheNewestWaitingJobPerKey();
    void writerFinishesQueuedJobsWhenDestroyed();
    void saveInBackgroundReturnsAtOnceAndWritesOffTheCallersThread();
    void otherCallsSeeTheNewestVersion();
    void removeIsNotUndoneByAWaitingWrite();
    void failureIsReportedAndTheHeaderKept();
    void destroyingTheStoreWritesWhatWasQueued();
    void inMemoryStoreSavesInBackgroundToo();

private:
    QString path() const { return m_dir->filePath(u"conversations"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBackgroundSave::writerRunsJobsInOrderOnItsOwnThread()
{
    BackgroundWriter writer;
    QList<QString> ran;
    std::atomic<QThread *> thread = nullptr;
    for (const QString &key : { u"a"_s, u"b"_s, u"c"_s }) {
        writer.enqueue(key, [&, key] {
            thread = QThread::currentThread();
            ran.append(key); // one job at a time: no lock needed
            return QString();
        });
    }
    writer.waitForIdle();
    QVERIFY(writer.isIdle());
    QCOMPARE(ran, (QList<QString> { u"a"_s, u"b"_s, u"c"_s }));
    QVERIFY(thread.load());
    QVERIFY(thread.load() != QThread::currentThread());
}

void TestBackgroundSave::writerKeepsOnlyTheNewestWaitingJobPerKey()
{
    BackgroundWriter writer;
    QSignalSpy done(&writer, &BackgroundWriter::jobDone);
    QSignalSpy failed(&writer, &BackgroundWriter::jobFailed);
    Blocker blocker;
    writer.enqueue(u"busy"_s, blocker.job());
    QVERIFY(blocker.started.tryAcquire(1, 5000));
    QVERIFY(!writer.isIdle());

    QList<int> versions;
    for (int version = 1; version <= 3; ++version) {
        writer.enqueue(u"chat"_s, [&versions, version] {
            versions.append(version);
            return version == 3 ? u"disk full"_s : QString();
        });
    }
    writer.enqueue(u"other"_s, [&versions] {
        versions.append(100);
        return QString();
    });
    blocker.release.release();
    writer.waitForIdle();
    // Version 3 replaced 1 and 2 in their place, ahead of "other".
    QCOMPARE(versions, (QList<int> { 3, 100 }));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), u"chat"_s);
    QCOMPARE(failed.at(0).at(1).toString(), u"disk full"_s);
    QTRY_COMPARE(done.size(), 2); // busy, other
}

void TestBackgroundSave::writerFinishesQueuedJobsWhenDestroyed()
{
    std::atomic<int> ran = 0;
    {
        BackgroundWriter writer;
        Blocker blocker;
        writer.enqueue(u"busy"_s, blocker.job());
        QVERIFY(blocker.started.tryAcquire(1, 5000));
        for (int i = 0; i < 5; ++i) {
            writer.enqueue(u"key %1"_s.arg(i), [&ran] {
                ++ran;
                return QString();
            });
        }
        blocker.release.release();
    }
    QCOMPARE(ran.load(), 5);
}

void TestBackgroundSave::saveInBackgroundReturnsAtOnceAndWritesOffTheCallersThread()
{
    ConversationStore store(path());
    QSignalSpy saved(&store, &ConversationStore::saved);
    std::atomic<QThread *> encodedOn = nullptr;
    const auto header = store.saveInBackground(titled(u"晴天"_s), [&encodedOn] {
        encodedOn = QThread::currentThread();
        return items(u"我想听晴天"_s, 3);
    });
    QVERIFY(header);
    QVERIFY(!header->id.isEmpty());
    QVERIFY(header->created.isValid());
    QCOMPARE(header->updated, header->created);
    // Listed at once, before the file is written.
    QCOMPARE(saved.size(), 1);
    QCOMPARE(store.header(header->id), header);

    store.waitForWrites();
    QVERIFY(encodedOn.load() != nullptr);
    QVERIFY(encodedOn.load() != QThread::currentThread());
    const auto onDisk
        = rill::ConversationFile::decode(readAll(QDir(path()).filePath(header->id + u".json"_s)));
    QVERIFY(onDisk);
    QCOMPARE(onDisk->header, *header);
    QCOMPARE(onDisk->items, items(u"我想听晴天"_s, 3));

    // A later store reads it like any other.
    ConversationStore reopened(path());
    QCOMPARE(reopened.headers().size(), 1);
    QCOMPARE(reopened.load(header->id)->items.size(), 3);
}

void TestBackgroundSave::otherCallsSeeTheNewestVersion()
{
    ConversationStore store(path());
    const auto first = store.save({ titled(u"a"_s), items(u"v1"_s) });
    QVERIFY(first);

    // Each call below has to wait for the write queued just before it.
    QVERIFY(store.saveInBackground(*first, [] { return items(u"v2"_s, 2); }));
    QCOMPARE(store.load(first->id)->items, items(u"v2"_s, 2));

    QVERIFY(store.saveInBackground(*store.header(first->id), [] { return items(u"v3"_s, 3); }));
    QVERIFY(store.rename(first->id, u"renamed"_s));
    const auto renamed = store.load(first->id);
    QCOMPARE(renamed->header.title, u"renamed"_s);
    QCOMPARE(renamed->items, items(u"v3"_s, 3)); // the rename kept the newest items

    // A synchronous save is not overtaken by an older one still waiting.
    QVERIFY(store.saveInBackground(*store.header(first->id), [] {
        QThread::msleep(50); // make the race likely if save() did not wait
        return items(u"v4"_s, 4);
    }));
    QVERIFY(store.save({ *store.header(first->id), items(u"v5"_s, 5) }));
    store.waitForWrites();
    QCOMPARE(store.load(first->id)->items, items(u"v5"_s, 5));

    store.reload();
    QCOMPARE(store.header(first->id)->title, u"renamed"_s);
}

void TestBackgroundSave::removeIsNotUndoneByAWaitingWrite()
{
    ConversationStore store(path());
    const auto header = store.saveInBackground(titled(u"gone"_s), [] {
        QThread::msleep(50);
        return items(u"x"_s);
    });
    QVERIFY(header);
    QVERIFY(store.remove(header->id));
    store.waitForWrites();
    QVERIFY(!QFile::exists(QDir(path()).filePath(header->id + u".json"_s)));
    ConversationStore reopened(path());
    QVERIFY(reopened.headers().isEmpty());
}

void TestBackgroundSave::failureIsReportedAndTheHeaderKept()
{
    // The folder cannot be made: a file stands where it should be.
    const QString blocked = m_dir->filePath(u"file"_s);
    QFile file(blocked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ConversationStore store(blocked + u"/conversations"_s);
    QSignalSpy failed(&store, &ConversationStore::saveFailed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot create the folder"_s));

    const auto header = store.saveInBackground(titled(u"t"_s), [] { return items(u"x"_s); });
    QVERIFY(header);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), header->id);
    QVERIFY(failed.at(0).at(1).toString().contains(u"cannot create the folder"_s));
    QVERIFY(store.contains(header->id));
}

void TestBackgroundSave::destroyingTheStoreWritesWhatWasQueued()
{
    QString id;
    {
        ConversationStore store(path());
        for (int version = 1; version <= 20; ++version) {
            const auto header
                = store.saveInBackground(id.isEmpty() ? titled(u"t"_s) : *store.header(id),
                    [version] { return items(u"version %1"_s.arg(version), 50); });
            QVERIFY(header);
            id = header->id;
        }
    }
    ConversationStore reopened(path());
    QCOMPARE(reopened.load(id)->items, items(u"version 20"_s, 50));
}

void TestBackgroundSave::inMemoryStoreSavesInBackgroundToo()
{
    ConversationStore store(QString {});
    const auto header = store.saveInBackground(titled(u"m"_s), [] { return items(u"m"_s, 2); });
    QVERIFY(header);
    QCOMPARE(store.load(header->id)->items, items(u"m"_s, 2));
    store.reload();
    QCOMPARE(store.headers().size(), 1);
    QVERIFY(!QDir(path()).exists());
}

QTEST_GUILESS_MAIN(TestBackgroundSave)
#include "tst_backgroundsave.moc"
