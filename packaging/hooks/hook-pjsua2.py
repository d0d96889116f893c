"""PyInstaller hook for the pjsua2-python wheel.

pjsua2/__init__.py loads its SWIG module lazily (``importlib.import_module(".pjsua2")``),
which PyInstaller's static analysis cannot see: without these hidden imports the bundle has
no _pjsua2*.so and fails with "PJSUA2 binary bindings are not staged". The wheel's
pjsua2_python.libs/ (OpenSSL, krb5...) then follow through the extension's RPATH.
"""

hiddenimports = ["pjsua2.pjsua2", "pjsua2._pjsua2"]
