<?php
// Synthetic PHP app for calibration sweeps: burns `cpu` ms of this process's CPU (getrusage, so
// preemption does not distort it), then sleeps `io` ms. Query string wins over APP_CPU_MS / APP_IO_MS.
function cpu_ms_used(): float {
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1000.0
        + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) / 1000.0;
}
$cpuMs = isset($_GET['cpu']) ? (float)$_GET['cpu'] : (float)(getenv('APP_CPU_MS') ?: 0);
$ioMs = isset($_GET['io']) ? (float)$_GET['io'] : (float)(getenv('APP_IO_MS') ?: 0);
if ($cpuMs > 0) {
    $end = cpu_ms_used() + $cpuMs;
    while (cpu_ms_used() < $end) { }
}
if ($ioMs > 0) {
    usleep((int)($ioMs * 1000));
}
header('Content-Type: text/plain');
echo "ok\n";
