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
;; Regenerate amp_kernel_wasm.ts with: deno run -A --no-lock --node-modules-dir=none tools/build_amp_kernel.ts
(module
  (import "env" "memory" (memory 1 65536 shared))

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

  ;; one row: d = x·a (two accumulators), g = c1·(y − d) + c2·gprev, pb += g·x
  (func $row_f32
    (param $px i32) (param $n i32) (param $pa i32) (param $py i32) (param $pgp i32) (param $pg i32)
    (param $pb i32) (param $c1 f64) (param $c2 f64)
    (local $i i32) (local $end i32) (local $ap i32) (local $op i32)
    (local $acc0 v128) (local $acc1 v128) (local $gm f64) (local $gv v128)
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 2))))
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
        (br $axpy))))

  ;; n: a multiple of 8; all pointers 16-byte aligned. Rows are taken four at a time: the dot
  ;; products of the four rows share each loaded vector of `a` and run in 8 independent
  ;; accumulators (4 rows x 2, 4 float32 lanes each), and the block buffer is read and written
  ;; once per four rows, `pb += (g0·x0 + g1·x1) + (g2·x2 + g3·x3)`. The m mod 4 last rows go
  ;; through $row_f32. `out` is flushed to float64 every 32 rows counted from `px`.
  (func (export "amp_f32")
    (param $px i32) (param $n i32) (param $m i32) (param $pa i32) (param $py i32)
    (param $pgp i32) (param $pg i32) (param $po i32) (param $pb i32) (param $c1 f64) (param $c2 f64)
    (local $mu i32) (local $i i32) (local $end i32) (local $ap i32) (local $op i32)
    (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $m4 i32) (local $va v128) (local $acc v128)
    (local $d00 v128) (local $d01 v128) (local $d10 v128) (local $d11 v128)
    (local $d20 v128) (local $d21 v128) (local $d30 v128) (local $d31 v128)
    (local $g0 f64) (local $g1 f64) (local $g2 f64) (local $g3 f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (call $zero64 (local.get $po) (local.get $n))
    ;; the float32 block buffer: zero it (n floats = n/2 doubles)
    (call $zero64 (local.get $pb) (i32.shr_u (local.get $n) (i32.const 1)))
    ;; byte offsets of rows 1, 2, 3 of a block from row 0
    (local.set $s1 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $s2 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $s3 (i32.add (local.get $s1) (local.get $s2)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $mu (i32.const 0))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $mu) (local.get $m4)))
        (local.set $end (i32.add (local.get $px) (local.get $s1)))
        (local.set $d00 (v128.const i32x4 0 0 0 0)) (local.set $d01 (v128.const i32x4 0 0 0 0))
        (local.set $d10 (v128.const i32x4 0 0 0 0)) (local.set $d11 (v128.const i32x4 0 0 0 0))
        (local.set $d20 (v128.const i32x4 0 0 0 0)) (local.set $d21 (v128.const i32x4 0 0 0 0))
        (local.set $d30 (v128.const i32x4 0 0 0 0)) (local.set $d31 (v128.const i32x4 0 0 0 0))
        (local.set $i (local.get $px))
        (local.set $ap (local.get $pa))
        (block $dot_done
          (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $va (v128.load (local.get $ap)))
            (local.set $d00 (f32x4.add (local.get $d00) (f32x4.mul (v128.load (local.get $i)) (local.get $va))))
            (local.set $d10 (f32x4.add (local.get $d10) (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $s1))) (local.get $va))))
            (local.set $d20 (f32x4.add (local.get $d20) (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $s2))) (local.get $va))))
            (local.set $d30 (f32x4.add (local.get $d30) (f32x4.mul (v128.load (i32.add (local.get $i) (local.get $s3))) (local.get $va))))
            (local.set $va (v128.load offset=16 (local.get $ap)))
            (local.set $d01 (f32x4.add (local.get $d01) (f32x4.mul (v128.load offset=16 (local.get $i)) (local.get $va))))
            (local.set $d11 (f32x4.add (local.get $d11) (f32x4.mul (v128.load offset=16 (i32.add (local.get $i) (local.get $s1))) (local.get $va))))
            (local.set $d21 (f32x4.add (local.get $d21) (f32x4.mul (v128.load offset=16 (i32.add (local.get $i) (local.get $s2))) (local.get $va))))
            (local.set $d31 (f32x4.add (local.get $d31) (f32x4.mul (v128.load offset=16 (i32.add (local.get $i) (local.get $s3))) (local.get $va))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
            (br $dot)))
        ;; g_r = c1·(y_r − d_r) + c2·gprev_r in float64, for the four rows
        (local.set $acc (f32x4.add (local.get $d00) (local.get $d01)))
        (local.set $g0
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load offset=0 (local.get $py))
                (f64.add
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
            (f64.mul (local.get $c2) (f64.load offset=0 (local.get $pgp)))))
        (f64.store offset=0 (local.get $pg) (local.get $g0))
        (local.set $v0 (f32x4.splat (f32.demote_f64 (local.get $g0))))
        (local.set $acc (f32x4.add (local.get $d10) (local.get $d11)))
        (local.set $g1
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load offset=8 (local.get $py))
                (f64.add
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
            (f64.mul (local.get $c2) (f64.load offset=8 (local.get $pgp)))))
        (f64.store offset=8 (local.get $pg) (local.get $g1))
        (local.set $v1 (f32x4.splat (f32.demote_f64 (local.get $g1))))
        (local.set $acc (f32x4.add (local.get $d20) (local.get $d21)))
        (local.set $g2
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load offset=16 (local.get $py))
                (f64.add
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
            (f64.mul (local.get $c2) (f64.load offset=16 (local.get $pgp)))))
        (f64.store offset=16 (local.get $pg) (local.get $g2))
        (local.set $v2 (f32x4.splat (f32.demote_f64 (local.get $g2))))
        (local.set $acc (f32x4.add (local.get $d30) (local.get $d31)))
        (local.set $g3
          (f64.add
            (f64.mul (local.get $c1)
              (f64.sub (f64.load offset=24 (local.get $py))
                (f64.add
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
                  (f64.add
                    (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc)))
                    (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc)))))))
            (f64.mul (local.get $c2) (f64.load offset=24 (local.get $pgp)))))
        (f64.store offset=24 (local.get $pg) (local.get $g3))
        (local.set $v3 (f32x4.splat (f32.demote_f64 (local.get $g3))))
        ;; block buffer += g0·x0 + g1·x1 + g2·x2 + g3·x3
        (local.set $i (local.get $px))
        (local.set $op (local.get $pb))
        (block $axpy_done
          (loop $axpy
            (br_if $axpy_done (i32.ge_u (local.get $i) (local.get $end)))
            (v128.store (local.get $op)
              (f32x4.add (v128.load (local.get $op))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $v0) (v128.load (local.get $i)))
                    (f32x4.mul (local.get $v1) (v128.load (i32.add (local.get $i) (local.get $s1)))))
                  (f32x4.add (f32x4.mul (local.get $v2) (v128.load (i32.add (local.get $i) (local.get $s2))))
                    (f32x4.mul (local.get $v3) (v128.load (i32.add (local.get $i) (local.get $s3))))))))
            (v128.store offset=16 (local.get $op)
              (f32x4.add (v128.load offset=16 (local.get $op))
                (f32x4.add
                  (f32x4.add (f32x4.mul (local.get $v0) (v128.load offset=16 (local.get $i)))
                    (f32x4.mul (local.get $v1) (v128.load offset=16 (i32.add (local.get $i) (local.get $s1)))))
                  (f32x4.add (f32x4.mul (local.get $v2) (v128.load offset=16 (i32.add (local.get $i) (local.get $s2))))
                    (f32x4.mul (local.get $v3) (v128.load offset=16 (i32.add (local.get $i) (local.get $s3))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (local.set $op (i32.add (local.get $op) (i32.const 32)))
            (br $axpy)))
        (local.set $px (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 4))))
        (local.set $py (i32.add (local.get $py) (i32.const 32)))
        (local.set $pgp (i32.add (local.get $pgp) (i32.const 32)))
        (local.set $pg (i32.add (local.get $pg) (i32.const 32)))
        (local.set $mu (i32.add (local.get $mu) (i32.const 4)))
        (if (i32.eqz (i32.and (local.get $mu) (i32.const 31)))
          (then (call $flush (local.get $pb) (local.get $po) (local.get $n))))
        (br $block)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $mu) (local.get $m)))
        (call $row_f32 (local.get $px) (local.get $n) (local.get $pa) (local.get $py)
          (local.get $pgp) (local.get $pg) (local.get $pb) (local.get $c1) (local.get $c2))
        (local.set $px (i32.add (local.get $px) (local.get $s1)))
        (local.set $py (i32.add (local.get $py) (i32.const 8)))
        (local.set $pgp (i32.add (local.get $pgp) (i32.const 8)))
        (local.set $pg (i32.add (local.get $pg) (i32.const 8)))
        (local.set $mu (i32.add (local.get $mu) (i32.const 1)))
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
        (br $row))))

  ;; Heat-bath column kernels of the Monte Carlo sampler (mcmc_sampler.ts), float64, in the same
  ;; summation order as its plain TypeScript loop (so both give the same bits):
  ;;   dot_f64:  four running sums d0..d3 over mu ≡ 0..3 (mod 4) as two f64x2 accumulators, the
  ;;             m mod 4 last terms into d0, result (d0 + d1) + (d2 + d3);
  ;;   axpy_f64: r[mu] −= delta·x[mu].
  ;; Pointers 8-byte aligned (unaligned v128 access is allowed).

  (func (export "dot_f64") (param $px i32) (param $pr i32) (param $m i32) (result f64)
    (local $end i32) (local $end4 i32) (local $a v128) (local $b v128) (local $d0 f64)
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $m) (i32.const 3))))
    (local.set $end4
      (i32.add (local.get $px) (i32.shl (i32.and (local.get $m) (i32.const -4)) (i32.const 3))))
    (local.set $a (v128.const i32x4 0 0 0 0))
    (local.set $b (v128.const i32x4 0 0 0 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $px) (local.get $end4)))
        (local.set $a (f64x2.add (local.get $a)
          (f64x2.mul (v128.load (local.get $px)) (v128.load (local.get $pr)))))
        (local.set $b (f64x2.add (local.get $b)
          (f64x2.mul (v128.load offset=16 (local.get $px)) (v128.load offset=16 (local.get $pr)))))
        (local.set $px (i32.add (local.get $px) (i32.const 32)))
        (local.set $pr (i32.add (local.get $pr) (i32.const 32)))
        (br $next)))
    (local.set $d0 (f64x2.extract_lane 0 (local.get $a)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $d0 (f64.add (local.get $d0)
          (f64.mul (f64.load (local.get $px)) (f64.load (local.get $pr)))))
        (local.set $px (i32.add (local.get $px) (i32.const 8)))
        (local.set $pr (i32.add (local.get $pr) (i32.const 8)))
        (br $tail)))
    (f64.add
      (f64.add (local.get $d0) (f64x2.extract_lane 1 (local.get $a)))
      (f64.add (f64x2.extract_lane 0 (local.get $b)) (f64x2.extract_lane 1 (local.get $b)))))

  (func (export "axpy_f64") (param $px i32) (param $pr i32) (param $m i32) (param $delta f64)
    (local $end i32) (local $end2 i32) (local $dv v128)
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $m) (i32.const 3))))
    (local.set $end2
      (i32.add (local.get $px) (i32.shl (i32.and (local.get $m) (i32.const -2)) (i32.const 3))))
    (local.set $dv (f64x2.splat (local.get $delta)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $px) (local.get $end2)))
        (v128.store (local.get $pr)
          (f64x2.sub (v128.load (local.get $pr)) (f64x2.mul (local.get $dv) (v128.load (local.get $px)))))
        (local.set $px (i32.add (local.get $px) (i32.const 16)))
        (local.set $pr (i32.add (local.get $pr) (i32.const 16)))
        (br $next)))
    (if (i32.lt_u (local.get $px) (local.get $end))
      (then
        (f64.store (local.get $pr)
          (f64.sub (f64.load (local.get $pr)) (f64.mul (local.get $delta) (f64.load (local.get $px))))))))
)
