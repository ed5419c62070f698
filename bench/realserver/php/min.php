<?php
// Minimal PHP script: the framework-overhead measurement (no app work at all).
echo "ok\n";
