// The board report: a partnership's figures (docs/business-office.md, the same document the
// dashboards draw) as an A4 PDF for its board: summary figures, charts, the overdue list, the
// audit round and its findings. Written with Qt's own PDF writer and the DejaVu fonts.
#pragma once

#include <QString>
#include <functional>
#include <nlohmann/json.hpp>

namespace tandem::app {

// Writes the report to pdfPath, atomically: into a temporary file in the same folder, renamed
// over pdfPath only once complete, so a failed or cancelled write leaves no half-written PDF
// (and an older report there stays as it was). progress, when given, hears each page as it is
// drawn; an exception it throws cancels the write. Returns false with a sentence in *error
// (when not null) saying what is wrong: figures missing a table or column, a folder that does
// not exist or cannot be written.
bool writeBoardReport(const nlohmann::json& figures, const QString& pdfPath, QString* error,
                      const std::function<void(int done, int total)>& progress = {});

}  // namespace tandem::app
