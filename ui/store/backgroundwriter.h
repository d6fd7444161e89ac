#pragma once

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <functional>
#include <memory>

class QThread;

namespace rill {

// Runs write jobs one at a time on a thread of its own, oldest first, so the
// window never waits while a long conversation is encoded and put on disk
// (encoding a few hundred plan cards took the GUI thread up to 27 ms).
// A job queued under a key whose previous job has not started yet replaces
// it, in its place in the queue: only the newest version of a file matters.
class BackgroundWriter : public QObject
{
    Q_OBJECT
public:
    // Returns an error message, or an empty string once the job is done.
    using Job = std::function<QString()>;

    explicit BackgroundWriter(QObject *parent = nullptr);
    // Finishes every queued job first: nothing handed over is lost on quit.
    ~BackgroundWriter() override;

    void enqueue(const QString &key, Job job);
    // Blocks until every job queued so far has run.
    void waitForIdle() const;
    bool isIdle() const;

signals:
    // Emitted from the writer's thread: connect with a queued (or auto) connection.
    void jobFailed(const QString &key, const QString &error);
    void jobDone(const QString &key);

private:
    struct Pending
    {
        QString key;
        Job job;
    };
    void runJobs();

    mutable QMutex m_lock;
    QWaitCondition m_queued; // wakes the writer's thread
    mutable QWaitCondition m_idle; // wakes waitForIdle()
    QList<Pending> m_queue;
    bool m_running = false; // a job taken from the queue has not finished yet
    bool m_stopping = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace rill
