;;; eglot.el --- convex-lsp for Emacs with Eglot  -*- lexical-binding: t; -*-

;; Load this file by its path from your init file (or copy its forms there):
;;   (with-eval-after-load 'eglot (load "/path/to/convex-lsp/editors/emacs/eglot.el"))
;; then M-x eglot in a TypeScript buffer of a Convex project.  Do not put this directory on
;; `load-path': the file is named like Eglot itself.
;;
;; Eglot talks to one server per buffer.  Inside a Convex root this runs convex-lsp beside
;; typescript-language-server through the `rass' multiplexer (pip install rassumfrassum) when it is
;; installed, and convex-lsp alone otherwise.  Outside every Convex root the usual
;; typescript-language-server is started, as Eglot would without this file.

(require 'eglot)
(require 'json)
(require 'seq)

(defvar convex-lsp-command '("convex-lsp" "serve")
  "Command that starts the convex-lsp server.")

(defvar convex-lsp-typescript-command '("typescript-language-server" "--stdio")
  "Command of the TypeScript server run beside convex-lsp, and outside Convex roots.")

(defun convex-lsp--read-file (file)
  "Contents of FILE as a string, or nil when it cannot be read."
  (when (file-readable-p file)
    (with-temp-buffer
      (insert-file-contents file)
      (buffer-string))))

(defun convex-lsp--depends-on-convex-p (package-json)
  "Non-nil when PACKAGE-JSON lists convex in its dependencies."
  (let* ((text (convex-lsp--read-file package-json))
         (pkg (and text (ignore-errors (json-parse-string text :object-type 'alist)))))
    (and (consp pkg)
         (seq-some (lambda (key)
                     (let ((deps (alist-get key pkg)))
                       (and (consp deps) (assq 'convex deps))))
                   '(dependencies devDependencies peerDependencies)))))

(defun convex-lsp--defines-component-p (config-file)
  "Non-nil when CONFIG-FILE calls defineComponent."
  (let ((text (convex-lsp--read-file config-file)))
    (and text (string-match-p "\\_<defineComponent[ \t\n]*(" text))))

(defun convex-lsp--root-p (dir)
  "Non-nil when DIR is a Convex root (architecture.md, Definitions every part shares)."
  (or (file-exists-p (expand-file-name "convex.json" dir))
      (and (file-directory-p (expand-file-name "convex" dir))
           (convex-lsp--depends-on-convex-p (expand-file-name "package.json" dir)))
      (convex-lsp--defines-component-p (expand-file-name "convex.config.ts" dir))
      (convex-lsp--defines-component-p (expand-file-name "convex.config.js" dir))))

(defun convex-lsp-root (&optional file)
  "The nearest Convex root above FILE (default: the current buffer's file), or nil."
  (let ((start (or file buffer-file-name default-directory)))
    (and start (locate-dominating-file start #'convex-lsp--root-p))))

(defun convex-lsp-eglot-contact (&optional _interactive)
  "Server command for Eglot in a TypeScript buffer."
  (cond
   ((not (convex-lsp-root)) convex-lsp-typescript-command)
   ((executable-find "rass")
    (append '("rass" "--") convex-lsp-typescript-command '("--") convex-lsp-command))
   (t convex-lsp-command)))

(add-to-list 'eglot-server-programs
             '((typescript-ts-mode tsx-ts-mode typescript-mode) . convex-lsp-eglot-contact))

;; Settings use the same keys as convex-lsp.toml and reach the server as workspace/configuration,
;; e.g. in the project's .dir-locals.el:
;;   ((nil . ((eglot-workspace-configuration
;;             . (:convexLsp (:enable t :diagnostics (:enable t)))))))

(provide 'convex-lsp-eglot)
;;; eglot.el ends here
