// The screenshot mode: drives the real views against a (demo) server as demo users would, and
// saves each main screen at laptop and tablet sizes as PNG files for the README and reviewers.
#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <QVariant>

#include <chrono>
#include <functional>

class QAbstractItemModel;
class QQuickWindow;

class ScreenshotTour {
public:
    ScreenshotTour(QQuickWindow& window, QObject& session, QString serverUrl, QString outDir);
    // Returns 0 when every screen was saved; otherwise prints what failed and returns 1.
    int run();

private:
    void tourPractitioner();
    void makeConflict();
    void tourApprovals();
    void tourPlans();
    void tourRounds();
    void tourDashboards();

    void signIn(const QString& user);
    void signOut();
    void syncAndWait();
    void shoot(const QString& name, const std::function<void()>& show, bool laptopOnly = false);
    void waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout, const QString& what);
    void settle(std::chrono::milliseconds time = std::chrono::milliseconds(250));

    QObject* find(const QString& objectName) const;
    QObject* need(const QString& objectName) const;
    QVariant call(QObject* target, const char* method, const QVariantList& args = {}) const;
    void click(const QString& objectName) const;
    void type(const QString& objectName, const QString& text) const;
    QObject* sync() const;
    QObject* form() const;
    QAbstractItemModel* model(const char* sessionProperty) const;
    // The first row's recordId where `role` contains `text` ("" = any row).
    QString findRow(const char* sessionProperty, const QString& role, const QString& text) const;
    void showSectionOf(const QString& questionCode) const;
    // Scrolls the Flickable around an item so that the item's top is in view.
    void scrollTo(const QString& objectName) const;

    QQuickWindow& window_;
    QObject& session_;
    QString serverUrl_, outDir_;
    QSize size_;
    int saved_ = 0;
};
