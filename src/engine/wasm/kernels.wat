;; The three products of backpropagation in WebAssembly SIMD (f64x2), bit-for-bit equal to src/engine/kernels.ts.
;;
;; Assembled by scripts/build-wasm.mjs (the `wabt` npm package) into src/engine/wasm/bytes.ts; src/engine/wasm/
;; kernels.ts copies the operands into this module's memory, calls one export and copies the result out.
;;
;; Every output element is ONE sum taken in the same order as the textbook loop, as in kernels.ts: it starts from the
;; bias Θ_j0 (z) or from 0 (Δ and δ) and adds the products for q = 0, 1, … in ascending order, each product rounded
;; before it is added (f64x2.mul then f64x2.add: no fused multiply-add, which would round once and differ from the
;; JavaScript kernels). SIMD runs across OUTPUTS — two neighbouring outputs per f64x2 lane pair — never along a sum,
;; so the results equal the JavaScript kernels exactly, whatever the blocking.
;;
;; All three are one product C[r, v] = init[v] + Σ_q X[r, q] · Y[q, v] with strides (see $gemm):
;;   z = [1 A] Θᵀ:   X = A (r = sample), Y = Θᵀ without its bias row (packed by $forward), init = the bias row;
;;   Δ = δᵀ [1 A]:   X = δᵀ (r = unit j, read down a column of δ), Y = A (q = sample), init = 0;
;;   δ' = δ Θ[:,1:]: X = δ (r = sample), Y = Θ without its bias column (q = unit j), init = 0.
;; Addresses are in bytes. The first 32 bytes of memory stay 0: they are the "init = 0" row (init step 0).

(module
  (memory (export "memory") 1)

  ;; C[r..r+3, v..v+3] for 4 rows × 4 columns: 8 accumulators of 2 lanes, 2 loads of Y and 4 splats of X per q.
  (func $block4x4
    (param $x i32) (param $xRow i32) (param $xStep i32)
    (param $y i32) (param $yStep i32) (param $nq i32)
    (param $c i32) (param $cRow i32) (param $init i32)
    (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $q i32)
    (local $y0 v128) (local $y1 v128) (local $e v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $x1 (i32.add (local.get $x) (local.get $xRow)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $xRow)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $xRow)))
    (local.set $c00 (v128.load (local.get $init)))
    (local.set $c01 (v128.load offset=16 (local.get $init)))
    (local.set $c10 (local.get $c00)) (local.set $c11 (local.get $c01))
    (local.set $c20 (local.get $c00)) (local.set $c21 (local.get $c01))
    (local.set $c30 (local.get $c00)) (local.set $c31 (local.get $c01))
    (block $done
      (br_if $done (i32.eqz (local.get $nq)))
      (loop $q
        (local.set $y0 (v128.load (local.get $y)))
        (local.set $y1 (v128.load offset=16 (local.get $y)))
        (local.set $e (v128.load64_splat (local.get $x)))
        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $e) (local.get $y0))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $e) (local.get $y1))))
        (local.set $e (v128.load64_splat (local.get $x1)))
        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $e) (local.get $y0))))
        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $e) (local.get $y1))))
        (local.set $e (v128.load64_splat (local.get $x2)))
        (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $e) (local.get $y0))))
        (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $e) (local.get $y1))))
        (local.set $e (v128.load64_splat (local.get $x3)))
        (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $e) (local.get $y0))))
        (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $e) (local.get $y1))))
        (local.set $x (i32.add (local.get $x) (local.get $xStep)))
        (local.set $x1 (i32.add (local.get $x1) (local.get $xStep)))
        (local.set $x2 (i32.add (local.get $x2) (local.get $xStep)))
        (local.set $x3 (i32.add (local.get $x3) (local.get $xStep)))
        (local.set $y (i32.add (local.get $y) (local.get $yStep)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $q (i32.lt_u (local.get $q) (local.get $nq)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; C[r, v..v+1]: one row × 2 columns (the tails of $block4x4).
  (func $block1x2
    (param $x i32) (param $xStep i32) (param $y i32) (param $yStep i32) (param $nq i32)
    (param $c i32) (param $init i32)
    (local $q i32) (local $acc v128)
    (local.set $acc (v128.load (local.get $init)))
    (block $done
      (br_if $done (i32.eqz (local.get $nq)))
      (loop $q
        (local.set $acc
          (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load64_splat (local.get $x)) (v128.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (local.get $xStep)))
        (local.set $y (i32.add (local.get $y) (local.get $yStep)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $q (i32.lt_u (local.get $q) (local.get $nq)))))
    (v128.store (local.get $c) (local.get $acc)))

  ;; C[r, v]: one row × 1 column, scalar (the last column of an odd count).
  (func $block1x1
    (param $x i32) (param $xStep i32) (param $y i32) (param $yStep i32) (param $nq i32)
    (param $c i32) (param $init i32)
    (local $q i32) (local $acc f64)
    (local.set $acc (f64.load (local.get $init)))
    (block $done
      (br_if $done (i32.eqz (local.get $nq)))
      (loop $q
        (local.set $acc
          (f64.add (local.get $acc) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (local.get $xStep)))
        (local.set $y (i32.add (local.get $y) (local.get $yStep)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $q (i32.lt_u (local.get $q) (local.get $nq)))))
    (f64.store (local.get $c) (local.get $acc)))

  ;; C (rows × cols, row stride $cRow) = init + X · Y: blocks of 4 × 4, then every row's remaining columns 2 and 1 at
  ;; a time. X[r, q] is at x + r·xRow + q·xStep; Y[q, v] at y + q·yStep + 8v; init[v] at init + v·initStep.
  (func $gemm
    (param $x i32) (param $xRow i32) (param $xStep i32)
    (param $y i32) (param $yStep i32) (param $nq i32)
    (param $c i32) (param $cRow i32) (param $rows i32) (param $cols i32)
    (param $init i32) (param $initStep i32)
    (local $r i32) (local $v i32) (local $r4 i32) (local $c4 i32) (local $xr i32) (local $cr i32)
    (local.set $r4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows4
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r4)))
        (local.set $v (i32.const 0))
        (block $colsDone
          (loop $cols4
            (br_if $colsDone (i32.ge_u (local.get $v) (local.get $c4)))
            (call $block4x4
              (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xRow)))
              (local.get $xRow) (local.get $xStep)
              (i32.add (local.get $y) (i32.shl (local.get $v) (i32.const 3)))
              (local.get $yStep) (local.get $nq)
              (i32.add (local.get $c)
                (i32.add (i32.mul (local.get $r) (local.get $cRow)) (i32.shl (local.get $v) (i32.const 3))))
              (local.get $cRow)
              (i32.add (local.get $init) (i32.mul (local.get $v) (local.get $initStep))))
            (local.set $v (i32.add (local.get $v) (i32.const 4)))
            (br $cols4)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows4)))
    ;; The tails: columns c4.. of the rows done in blocks, every column of the last rows % 4.
    (local.set $r (i32.const 0))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $v (select (local.get $c4) (i32.const 0) (i32.lt_u (local.get $r) (local.get $r4))))
        (local.set $xr (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xRow))))
        (local.set $cr (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $cRow))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $v) (i32.const 2)) (local.get $cols)))
            (call $block1x2 (local.get $xr) (local.get $xStep)
              (i32.add (local.get $y) (i32.shl (local.get $v) (i32.const 3))) (local.get $yStep) (local.get $nq)
              (i32.add (local.get $cr) (i32.shl (local.get $v) (i32.const 3)))
              (i32.add (local.get $init) (i32.mul (local.get $v) (local.get $initStep))))
            (local.set $v (i32.add (local.get $v) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $v) (local.get $cols))
          (then
            (call $block1x1 (local.get $xr) (local.get $xStep)
              (i32.add (local.get $y) (i32.shl (local.get $v) (i32.const 3))) (local.get $yStep) (local.get $nq)
              (i32.add (local.get $cr) (i32.shl (local.get $v) (i32.const 3)))
              (i32.add (local.get $init) (i32.mul (local.get $v) (local.get $initStep))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $tail))))

  ;; z = [1 A] Θᵀ (kernels.ts affineForward): A m × n at $a, Θ s × (n + 1) at $t, Z m × s at $z. Θᵀ is packed first
  ;; into $p ((n + 1) × s): its row 0 is the bias of every unit (the sums' start), rows 1..n the weights, so both
  ;; operands of the inner loop are read contiguously.
  (func (export "forward")
    (param $a i32) (param $t i32) (param $z i32) (param $p i32)
    (param $m i32) (param $n i32) (param $s i32)
    (local $c i32) (local $j i32) (local $k i32) (local $src i32) (local $dst i32) (local $s8 i32)
    (local.set $c (i32.add (local.get $n) (i32.const 1)))
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $j (i32.const 0))
    (loop $units
      (local.set $src (i32.add (local.get $t) (i32.shl (i32.mul (local.get $j) (local.get $c)) (i32.const 3))))
      (local.set $dst (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $k (i32.const 0))
      (loop $inputs
        (f64.store (local.get $dst) (f64.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (local.get $s8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $inputs (i32.lt_u (local.get $k) (local.get $c))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $units (i32.lt_u (local.get $j) (local.get $s))))
    (call $gemm
      (local.get $a) (i32.shl (local.get $n) (i32.const 3)) (i32.const 8)
      (i32.add (local.get $p) (local.get $s8)) (local.get $s8) (local.get $n)
      (local.get $z) (local.get $s8) (local.get $m) (local.get $s)
      (local.get $p) (i32.const 8)))

  ;; Δ = δᵀ [1 A] (kernels.ts accumulateDelta): δ m × s at $d, A m × n at $a, Δ s × (n + 1) at $dd. The bias column
  ;; Δ_j0 = Σ_i δ_ij first (scalar, i ascending), then Δ_j(k+1) = Σ_i δ_ij a_ik as one product.
  (func (export "delta")
    (param $d i32) (param $a i32) (param $dd i32)
    (param $m i32) (param $n i32) (param $s i32)
    (local $c8 i32) (local $s8 i32) (local $j i32) (local $i i32) (local $src i32) (local $b f64)
    (local.set $c8 (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 3)))
    (local.set $s8 (i32.shl (local.get $s) (i32.const 3)))
    (local.set $j (i32.const 0))
    (loop $units
      (local.set $b (f64.const 0))
      (local.set $src (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $i (i32.const 0))
      (loop $samples
        (local.set $b (f64.add (local.get $b) (f64.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (local.get $s8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $samples (i32.lt_u (local.get $i) (local.get $m))))
      (f64.store (i32.add (local.get $dd) (i32.mul (local.get $j) (local.get $c8))) (local.get $b))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $units (i32.lt_u (local.get $j) (local.get $s))))
    (call $gemm
      (local.get $d) (i32.const 8) (local.get $s8)
      (local.get $a) (i32.shl (local.get $n) (i32.const 3)) (local.get $m)
      (i32.add (local.get $dd) (i32.const 8)) (local.get $c8) (local.get $s) (local.get $n)
      (i32.const 0) (i32.const 0)))

  ;; δ^(l) before .* g'(z) = δ^(l+1) Θ without the bias column (kernels.ts backpropDelta): δ^(l+1) m × s at $dn,
  ;; Θ s × (n + 1) at $t, the result m × n at $dp.
  (func (export "backprop")
    (param $dn i32) (param $t i32) (param $dp i32)
    (param $m i32) (param $n i32) (param $s i32)
    (call $gemm
      (local.get $dn) (i32.shl (local.get $s) (i32.const 3)) (i32.const 8)
      (i32.add (local.get $t) (i32.const 8)) (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 3))
      (local.get $s)
      (local.get $dp) (i32.shl (local.get $n) (i32.const 3)) (local.get $m) (local.get $n)
      (i32.const 0) (i32.const 0))))
