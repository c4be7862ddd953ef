;; The fused row pass of one AMP iteration (see amp_kernel.ts), in WebAssembly SIMD.
;;
;; For every row mu of the row-major matrix X (m rows, n columns, n padded with zeros to a
;; multiple of 8 floats / 4 doubles):
;;     d_mu   = x_mu · a
;;     g_mu   = c1·(y_mu − d_mu) + c2·gprev_mu
;;     out   += g_mu · x_mu
;; so X is streamed from memory once per iteration (both matrix-vector products of AMP read
;; the same row while it is in L1). Each function zeroes `out` first.
;;
;; amp_f32: X and a are float32, arithmetic is float32 (4 lanes); the row's dot product is
;; widened to float64 before forming g, and `out` is accumulated in a float32 block buffer
;; (`pb`, n floats) that is flushed into the float64 `out` every 32 rows, so rounding errors do
;; not grow with m. amp_f64: X and a are float64, arithmetic float64 (2 lanes).
;; No fused multiply-add is used, so results are bit-for-bit the same on every machine.
;;
;; Regenerate amp_kernel_wasm.ts with: deno run -A --no-lock --node-modules-dir=none lib/algorithms/build_amp_kernel.ts
(module
  (import "env" "memory" (memory 1))

  ;; out[0..n) += float64(pb[0..n)); pb[0..n) = 0
  (func $flush (param $pb i32) (param $po i32) (param $n i32)
    (local $end i32) (local $x v128)
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pb) (local.get $end)))
        (local.set $x (v128.load (local.get $pb)))
        (v128.store (local.get $po)
          (f64x2.add (v128.load (local.get $po)) (f64x2.promote_low_f32x4 (local.get $x))))
        (v128.store offset=16 (local.get $po)
          (f64x2.add (v128.load offset=16 (local.get $po))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
        (v128.store (local.get $pb) (v128.const i32x4 0 0 0 0))
        (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
        (local.set $po (i32.add (local.get $po) (i32.const 32)))
        (br $next))))

  ;; zero n float64 at p
  (func $zero64 (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (local.get $p) (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next))))

  ;; n: a multiple of 8; all pointers 16-byte aligned
  (func (export "amp_f32")
    (param $px i32) (param $n i32) (param $m i32) (param $pa i32) (param $py i32)
    (param $pgp i32) (param $pg i32) (param $po i32) (param $pb i32) (param $c1 f64) (param $c2 f64)
    (local $mu i32) (local $i i32) (local $end i32) (local $ap i32) (local $op i32)
    (local $acc0 v128) (local $acc1 v128) (local $gm f64) (local $gv v128)
    (call $zero64 (local.get $po) (local.get $n))
    ;; the float32 block buffer: zero it (n floats = n/2 doubles)
    (call $zero64 (local.get $pb) (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $mu (i32.const 0))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $mu) (local.get $m)))
        (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 2))))
        ;; d = x_mu · a
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $i (local.get $px))
        (local.set $ap (local.get $pa))
        (block $dot_done
          (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load (local.get $i)) (v128.load (local.get $ap)))))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (v128.load offset=16 (local.get $i)) (v128.load offset=16 (local.get $ap)))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
            (br $dot)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        ;; g = c1·(y − d) + c2·gprev, in float64
        (local.set $gm
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load (local.get $py))
                (f64.add
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc0)))
                    (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc0))))
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc0)))
                    (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc0)))))))
            (f64.mul (local.get $c2) (f64.load (local.get $pgp)))))
        (f64.store (local.get $pg) (local.get $gm))
        ;; block buffer += g·x_mu
        (local.set $gv (f32x4.splat (f32.demote_f64 (local.get $gm))))
        (local.set $i (local.get $px))
        (local.set $op (local.get $pb))
        (block $axpy_done
          (loop $axpy
            (br_if $axpy_done (i32.ge_u (local.get $i) (local.get $end)))
            (v128.store (local.get $op)
              (f32x4.add (v128.load (local.get $op))
                (f32x4.mul (local.get $gv) (v128.load (local.get $i)))))
            (v128.store offset=16 (local.get $op)
              (f32x4.add (v128.load offset=16 (local.get $op))
                (f32x4.mul (local.get $gv) (v128.load offset=16 (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $op (i32.add (local.get $op) (i32.const 32)))
            (br $axpy)))
        (local.set $px (local.get $end))
        (local.set $py (i32.add (local.get $py) (i32.const 8)))
        (local.set $pgp (i32.add (local.get $pgp) (i32.const 8)))
        (local.set $pg (i32.add (local.get $pg) (i32.const 8)))
        (local.set $mu (i32.add (local.get $mu) (i32.const 1)))
        (if (i32.eqz (i32.and (local.get $mu) (i32.const 31)))
          (then (call $flush (local.get $pb) (local.get $po) (local.get $n))))
        (br $row)))
    (call $flush (local.get $pb) (local.get $po) (local.get $n)))

  ;; n: a multiple of 4; all pointers 16-byte aligned
  (func (export "amp_f64")
    (param $px i32) (param $n i32) (param $m i32) (param $pa i32) (param $py i32)
    (param $pgp i32) (param $pg i32) (param $po i32) (param $c1 f64) (param $c2 f64)
    (local $mu i32) (local $i i32) (local $end i32) (local $ap i32) (local $op i32)
    (local $acc0 v128) (local $acc1 v128) (local $gm f64) (local $gv v128)
    (call $zero64 (local.get $po) (local.get $n))
    (local.set $mu (i32.const 0))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $mu) (local.get $m)))
        (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 3))))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $i (local.get $px))
        (local.set $ap (local.get $pa))
        (block $dot_done
          (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $acc0 (f64x2.add (local.get $acc0)
              (f64x2.mul (v128.load (local.get $i)) (v128.load (local.get $ap)))))
            (local.set $acc1 (f64x2.add (local.get $acc1)
              (f64x2.mul (v128.load offset=16 (local.get $i)) (v128.load offset=16 (local.get $ap)))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
            (br $dot)))
        (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
        (local.set $gm
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load (local.get $py))
                (f64.add (f64x2.extract_lane 0 (local.get $acc0))
                  (f64x2.extract_lane 1 (local.get $acc0)))))
            (f64.mul (local.get $c2) (f64.load (local.get $pgp)))))
        (f64.store (local.get $pg) (local.get $gm))
        (local.set $gv (f64x2.splat (local.get $gm)))
        (local.set $i (local.get $px))
        (local.set $op (local.get $po))
        (block $axpy_done
          (loop $axpy
            (br_if $axpy_done (i32.ge_u (local.get $i) (local.get $end)))
            (v128.store (local.get $op)
              (f64x2.add (v128.load (local.get $op))
                (f64x2.mul (local.get $gv) (v128.load (local.get $i)))))
            (v128.store offset=16 (local.get $op)
              (f64x2.add (v128.load offset=16 (local.get $op))
                (f64x2.mul (local.get $gv) (v128.load offset=16 (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $op (i32.add (local.get $op) (i32.const 32)))
            (br $axpy)))
        (local.set $px (local.get $end))
        (local.set $py (i32.add (local.get $py) (i32.const 8)))
        (local.set $pgp (i32.add (local.get $pgp) (i32.const 8)))
        (local.set $pg (i32.add (local.get $pg) (i32.const 8)))
        (local.set $mu (i32.add (local.get $mu) (i32.const 1)))
        (br $row)))))
