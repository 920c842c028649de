// Notices when nobody has used the app for a while: an event filter on the application notes each
// mouse, key, touch, pen or wheel event, and a timer says idle() once `limit` has passed without
// one. Session locks the replica on it.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace tandem::app {

class IdleWatch : public QObject {
    Q_OBJECT

public:
    explicit IdleWatch(QObject* parent = nullptr);

    void setLimit(std::chrono::milliseconds limit);
    std::chrono::milliseconds limit() const { return limit_; }
    // Watches from now (input before this does not count); stop() until the next start().
    void start();
    void stop();

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void check();

    std::chrono::milliseconds limit_{std::chrono::minutes(5)};
    // Input only notes the time: a mouse move is too frequent an event to restart a timer on.
    QElapsedTimer sinceInput_;
    QTimer timer_;
};

}  // namespace tandem::app
