#include "textflag.h"
#include "go_asm.h"

// KEEP_STRING keeps the string value ending at CX, of the member whose
// key ends at AX, as field BX (at R14 in keptKeys): its offsets, its bits
// in set and lit, and its length and first 32 bytes in its slot of the
// signature key (read without a bound: see walkSafe). A value not in the
// signature (eventTime) goes to the key's spare slot, which nothing reads:
// a branch around it would cost more. It changes AX, DX, R14 and Y1.
#define KEEP_STRING \
	LEAQ    3(AX), AX \
	MOVL    AX, memberWalk_at(R13)(BX*8) \
	MOVL    CX, memberWalk_at+4(R13)(BX*8) \
	BTSL    BX, R9 \
	LEAL    16(BX), DX \
	BTRL    DX, R9 \
	MOVQ    keptKeyTable_slot(DI)(R14*8), DX \
	MOVQ    CX, R14 \
	SUBQ    AX, R14 \
	MOVW    R14, (memberWalk_key+sigKey_lens)(R13)(DX*2) \
	CMPQ    R14, $const_sigWordBytes \
	CMOVQHI memberWalk_c32(R13), R14 \
	SHLQ    $5, R14 \
	ADDQ    memberWalk_masks(R13), R14 \
	SHLQ    $5, DX \
	VMOVDQU (SI)(AX*1), Y1 \
	VPAND   (R14), Y1, Y1 \
	VMOVDQU Y1, (memberWalk_key+sigKey_words)(R13)(DX*1)

// FOLD_SLOT XORs into Y1 the key's slot at byte off of its words, each
// word rotated left by r, as sigKey.place folds it (sigSlotRot).
#define FOLD_SLOT(off, r) \
	VMOVDQU (memberWalk_key+sigKey_words+off)(R13), Y2 \
	VPSLLQ  $r, Y2, Y3 \
	VPSRLQ  $(64-r), Y2, Y2 \
	VPOR    Y3, Y2, Y2 \
	VPXOR   Y2, Y1, Y1

// SAME_SLOT ORs into Y1 the difference of the row's key at R10 and the
// walk's key, at byte off of their words.
#define SAME_SLOT(off) \
	VMOVDQU off(R10), Y2 \
	VPXOR   (memberWalk_key+off)(R13), Y2, Y2 \
	VPOR    Y2, Y1, Y1

// TAKE_MARK takes the lowest mark of R12 (the block whose masks are at
// R11 in the index, 16 bytes a block), which BSFQ left in dest, and makes
// dest its offset in the chunk (64 bytes a block).
#define TAKE_MARK(dest) \
	BLSRQ R12, R12 \
	LEAQ  (dest)(R11*4), dest

// SPEC_MARK finds the next mStop mark in dest as BSFQ does, first moving
// R11 and R12 to the next block, by CMOV, when this one has none left;
// the flags are BSFQ's. Whether a mark is the block's last changes from
// mark to mark, and the branch that asked it was the walk's most
// mispredicted where the inflater runs between chunks and leaves the
// branch predictor cold (BENCHMARKS.md). The next block's masks are read
// either way: a block the walk enters is never the index's last
// (walkSafe). The caller checks w.safe, and crosses with NEXT_BLOCK when
// the next block has no mark either. It changes DX.
#define SPEC_MARK(dest) \
	CMPQ    R12, $1 \
	CMOVQCS 16(R8)(R11*1), R12 \
	SBBQ    DX, DX \
	ANDL    $16, DX \
	ADDQ    DX, R11 \
	BSFQ    R12, dest

// MARKS_FROM moves R11 to the block of the byte at AX and R12 to that
// block's marks of the kind at byte offset off (0 mStop, 8 mBracket) from
// AX on; at w.safe, the walk stops. It changes R14.
#define MARKS_FROM(off) \
	MOVQ  AX, R11 \
	SHRQ  $6, R11 \
	SHLQ  $4, R11 \
	CMPQ  R11, memberWalk_safe(R13) \
	JGE   stop \
	MOVQ  off(R8)(R11*1), R12 \
	MOVQ  $-1, R14 \
	SHLXQ AX, R14, R14 \
	ANDQ  R14, R12

// NEXT_BLOCK moves R11 to the next block and R12 to its marks of the
// kind at byte offset off (0 mStop, 8 mBracket), and sets the flags on
// R12; at w.safe, the walk stops.
#define NEXT_BLOCK(off) \
	ADDQ  $16, R11 \
	CMPQ  R11, memberWalk_safe(R13) \
	JGE   stop \
	MOVQ  off(R8)(R11*1), R12 \
	TESTQ R12, R12

// func walkMembers(w *memberWalk) (end bool)
//
// The members of a record from the key's opening quote at w.i, as fields
// takes them (see memberWalk in members.go): the walk goes from mark to
// mark of the structural index, mStop (closing quotes and backslashes) and
// mBracket (brackets outside strings), each block's two masks 16 bytes
// apart. It returns false with w.i at the first member it does not take,
// or true with w.a at the record's closing brace and w.cb, w.cw after it.
// Kept values go to w.at, w.set and w.lit when their member is taken, and
// the signature's strings also to w.key. At the end of a record read whole
// (w.fresh) it looks the key up (w.row, -1 when not found); found, with
// room in w.batch and the next record's first key right after the brace,
// it notes the record in the batch and walks on with the next.
//
// Registers: SI the chunk, R8 the index, R9 the kept fields found (set,
// then lit from bit 16), R10 the member's key quote, R11 and R12 the block
// (as the offset of its masks in the index, 16 bytes a block) and bits of
// the next mark, R13 w, BX the member's kept field (-1 for none), AX,
// CX, DX and R14 scratch, DI keptKeys (the signatures' rows at a record's
// end); Y0 to Y3 for the signature key, 32 bytes at a time (the walk needs
// AVX2: see walkAsm). The walk checks no read against the chunk's length nor any mark
// against the first backslash outside a string: it enters only blocks
// with room after them for what it reads, before that backslash
// (walkSafe).
TEXT ·walkMembers(SB), NOSPLIT, $0-9
	MOVQ w+0(FP), R13
	MOVQ memberWalk_p(R13), SI
	MOVQ memberWalk_m(R13), R8
	MOVQ memberWalk_i(R13), R10
	MOVQ memberWalk_cb(R13), R11
	SHLQ $4, R11
	MOVQ memberWalk_cw(R13), R12
	XORL R9, R9 // for stop, before record clears it again
	CMPQ R11, memberWalk_safe(R13)
	JGE  stop

record:
	XORL R9, R9
	LEAQ ·keptKeys(SB), DI
	// The signature key, zero: the words of its six slots, its lengths
	// and booleans (the spare slot's words are never read).
	VPXOR   Y0, Y0, Y0
	VMOVDQU Y0, (memberWalk_key+sigKey_words)(R13)
	VMOVDQU Y0, (memberWalk_key+sigKey_words+32)(R13)
	VMOVDQU Y0, (memberWalk_key+sigKey_words+64)(R13)
	VMOVDQU Y0, (memberWalk_key+sigKey_words+96)(R13)
	VMOVDQU Y0, (memberWalk_key+sigKey_words+128)(R13)
	VMOVDQU Y0, (memberWalk_key+sigKey_words+160)(R13)
	VMOVDQU X0, (memberWalk_key+sigKey_lens)(R13)
	MOVW    $0, (memberWalk_litBools+const_fManagement)(R13) // and fReadOnly's

member:
	// The key's closing quote, then ':' and the value's first byte.
	SPEC_MARK(AX)
	JZ   keCross
	CMPQ R11, memberWalk_safe(R13)
	JGE  stop

keFound:
	TAKE_MARK(AX) // ke
	MOVWLZX (SI)(AX*1), DX
	CMPL  DX, $0x3a22 // '"' ':'
	JNE   stop

	// The kept field named by the key, if any: by the place of its first
	// eight bytes in keptKeys (at DI), then by its length and its other
	// bytes. (A key under eight bytes has its closing quote among those
	// eight, which no kept name has.)
	MOVQ   1(SI)(R10*1), DX // its first eight bytes
	IMUL3Q $const_keyHashMul, DX, R14
	SHRQ   $60, R14
	CMPQ   DX, keptKeyTable_first(DI)(R14*8)
	JNE    notKept
	LEAQ   -1(AX), CX
	SUBQ   R10, CX // the key's length
	CMPQ   CX, keptKeyTable_n(DI)(R14*8)
	JNE    notKept
	MOVQ   -8(SI)(AX*1), DX // its last eight bytes
	CMPQ   DX, keptKeyTable_last(DI)(R14*8)
	JNE    notKept
	CMPQ   CX, $16
	JLE    kept
	MOVQ   9(SI)(R10*1), DX // its bytes 8 to 15
	CMPQ   DX, keptKeyTable_mid(DI)(R14*8)
	JNE    notKept

kept:
	// A kept field's string value: its closing quote, ve (its opening
	// quote, at v = ke+2, has no mark), then ',' and the next key's
	// opening quote, and the value goes to the key. Anything else goes on
	// at value or strLast, with the field in BX.
	MOVQ    keptKeyTable_f(DI)(R14*8), BX
	MOVBLZX 2(SI)(AX*1), DX // the value's first byte
	CMPB    DL, $0x22
	JNE     value
	SPEC_MARK(CX)
	JZ      veCrossKept
	CMPQ    R11, memberWalk_safe(R13)
	JGE     stop

veFoundKept:
	TAKE_MARK(CX) // ve
	MOVL (SI)(CX*1), DX
	ANDL $0xffffff, DX
	CMPL DX, $0x222c22 // '"' ',' '"'
	JNE  strLast
	KEEP_STRING

strNext:
	LEAQ 2(CX), R10 // the next key's opening quote
	JMP  member

notKept:
	// The same for any other member, whose value is not kept; BX is -1
	// for the paths it goes on at.
	MOVQ    $-1, BX
	MOVBLZX 2(SI)(AX*1), DX
	CMPB    DL, $0x22
	JNE     value
	SPEC_MARK(CX)
	JZ      veCross
	CMPQ    R11, memberWalk_safe(R13)
	JGE     stop

veFound:
	TAKE_MARK(CX)
	MOVL (SI)(CX*1), DX
	ANDL $0xffffff, DX
	CMPL DX, $0x222c22
	JNE  strLast
	LEAQ 2(CX), R10
	JMP  member

value:
	// A value that is not a string (its first byte in DX): nested, or
	// true, false or null.
	MOVL DX, CX
	ORL  $0x20, CX
	CMPB CL, $0x7b // '{' or '['
	JEQ  nested
	JMP  literal

strLast:
	// '"' '}': the record's last member.
	ANDL $0xffff, DX
	CMPL DX, $0x7d22
	JNE  stop
	TESTQ BX, BX
	JS   strEnd
	KEEP_STRING

strEnd:
	LEAQ 1(CX), AX
	JMP  done

nested:
	// As skipNested: from bracket to bracket (mBracket marks nothing
	// else), the depth in BX and the levels' kinds in DX, one bit a level
	// from the innermost at bit 0: bit 5 of its opening bracket, 1 for
	// '{' and 0 for '[', as of the closing bracket that matches it. A kept
	// field with a nested value is left to fields, which clears it.
	TESTQ BX, BX
	JNS   stop
	SHRL  $5, DX
	ANDL  $1, DX
	MOVL  $1, BX
	LEAQ  3(AX), AX // v+1
	MARKS_FROM(8)

brLoop:
	TESTQ R12, R12
	JZ    brCross

brFound:
	BSFQ    R12, AX
	BLSRQ   R12, R12
	LEAQ    (AX)(R11*4), AX // j
	MOVBLZX (SI)(AX*1), CX
	TESTL   $2, CX // '{' and '[' have bit 1, '}' and ']' not
	JZ      brClose
	CMPQ    BX, $64
	JEQ     stop
	SHLQ    $1, DX
	BTL     $5, CX
	ADCQ    $0, DX
	INCQ    BX
	JMP     brLoop

brClose:
	MOVL CX, R14
	SHRL $5, R14
	XORL DX, R14
	ANDL $1, R14
	JNZ  stop // a '}' after '[' or a ']' after '{'
	SHRQ $1, DX
	DECQ BX
	JNZ  brLoop
	INCQ AX // a, just past the value
	MARKS_FROM(0)
	JMP  after

literal:
	// true, null or false, at v = ke+2, told apart without a branch (the
	// booleans' values change from record to record): AX = 4 for true or
	// null, 5 for false, 0 for anything else, which fields reads.
	LEAQ    2(AX), CX
	MOVL    (SI)(CX*1), DX
	XORL    R14, R14
	XORL    AX, AX
	CMPL    DX, $0x65757274 // "true"
	SETEQ   R14
	CMPL    DX, $0x6c6c756e // "null"
	SETEQ   AX
	ORL     AX, R14
	XORL    AX, AX
	CMPL    DX, $0x736c6166 // "fals"
	SETEQ   AX
	CMPB    4(SI)(CX*1), $0x65 // 'e'
	SETEQ   DX
	ANDL    DX, AX
	LEAL    (AX)(AX*4), AX
	LEAL    (AX)(R14*4), AX
	TESTL   AX, AX
	JZ      stop
	ADDQ    CX, AX

litEnd:
	// AX = e, just past the literal. (No backslash outside a string can
	// come before it: the walk would have stopped at it, a mark in mStop,
	// or at a bracket after it.)
	TESTQ BX, BX
	JS   after
	// Kept: only when the member is taken, that is, when ',' '"' or '}'
	// follows.
	MOVWLZX (SI)(AX*1), DX
	CMPL DX, $0x222c
	JEQ  litKeep

litLast:
	CMPB (SI)(AX*1), $0x7d
	JNE  stop

litKeep:
	MOVL CX, memberWalk_at(R13)(BX*8)
	MOVL AX, memberWalk_at+4(R13)(BX*8)
	BTSL BX, R9
	LEAL 16(BX), DX
	BTSL DX, R9
	// Its boolBits, 3 for true, 2 for false and 0 for null, by its first
	// byte ('t' 0x74, 'f' 0x66 or 'n' 0x6e), whose low six bits shift a
	// constant that holds each at its place.
	MOVBLZX (SI)(CX*1), DX
	MOVQ    $(3<<0x34|2<<0x26), R14
	SHRXQ   DX, R14, R14
	ANDL    $3, R14
	MOVB    R14, memberWalk_litBools(R13)(BX*1)

after:
	// AX = a, just past the value: ',' and the next key's opening quote,
	// or the record's closing brace.
	MOVWLZX (SI)(AX*1), DX
	CMPL DX, $0x222c // ',' '"'
	JNE  afterLast
	LEAQ 1(AX), R10
	JMP  member

afterLast:
	CMPB (SI)(AX*1), $0x7d
	JNE  stop

done:
	MOVQ AX, memberWalk_a(R13)
	MOVL R9, DX
	ANDL $0xffff, DX
	MOVL DX, memberWalk_set(R13)
	SHRL $16, R9
	MOVL R9, memberWalk_lit(R13)
	MOVQ R11, DX
	SHRQ $4, DX
	MOVQ DX, memberWalk_cb(R13)
	MOVQ R12, memberWalk_cw(R13)
	MOVL $-1, memberWalk_row(R13)

	// A record read whole: its signature, as sigTable.find finds it,
	// when its key is complete (no signature value a literal or longer
	// than sigWordBytes, 32).
	CMPB  memberWalk_fresh(R13), $0
	JEQ   doneOut
	MOVQ  memberWalk_cache(R13), R8
	TESTQ R8, R8
	JZ    doneOut
	MOVL  memberWalk_lit(R13), DX
	ANDL  $const_sigFieldBits, DX
	JNZ   doneOut
	CMPW  (memberWalk_key+sigKey_lens)(R13), $const_sigWordBytes
	JHI   doneOut
	CMPW  (memberWalk_key+sigKey_lens+2)(R13), $const_sigWordBytes
	JHI   doneOut
	CMPW  (memberWalk_key+sigKey_lens+4)(R13), $const_sigWordBytes
	JHI   doneOut
	CMPW  (memberWalk_key+sigKey_lens+6)(R13), $const_sigWordBytes
	JHI   doneOut
	CMPW  (memberWalk_key+sigKey_lens+8)(R13), $const_sigWordBytes
	JHI   doneOut
	CMPW  (memberWalk_key+sigKey_lens+10)(R13), $const_sigWordBytes
	JHI   doneOut

	// The booleans, as boolBits: "true" 3, "false" 2, else 0; of
	// managementEvent in R9, then of readOnly in CX, from litBools (0 for
	// an absent value). One given as a string (CloudTrail writes
	// literals) leaves the lookup to findWalked.
	MOVL    memberWalk_lit(R13), DX
	NOTL    DX
	ANDL    memberWalk_set(R13), DX
	TESTL   $(1<<const_fManagement|1<<const_fReadOnly), DX
	JNZ     doneOut
	MOVBLZX (memberWalk_litBools+const_fManagement)(R13), R9
	MOVBLZX (memberWalk_litBools+const_fReadOnly)(R13), CX
	SHLL $2, R9
	ORL  CX, R9
	MOVB R9, (memberWalk_key+sigKey_bools)(R13)

	// Its place: sigKey.place. The slots' words folded, rotated as
	// sigSlotRot, then the lanes as sigLaneRot, then the lengths and
	// booleans.
	VMOVDQU (memberWalk_key+sigKey_words)(R13), Y1
	FOLD_SLOT(32, const_sigSlotRot1)
	FOLD_SLOT(64, const_sigSlotRot2)
	FOLD_SLOT(96, const_sigSlotRot3)
	FOLD_SLOT(128, const_sigSlotRot4)
	FOLD_SLOT(160, const_sigSlotRot5)
	VPSLLVQ      laneShl<>(SB), Y1, Y2
	VPSRLVQ      laneShr<>(SB), Y1, Y1
	VPOR         Y2, Y1, Y1
	VEXTRACTI128 $1, Y1, X2
	VPXOR        X2, X1, X1
	VPSHUFD      $0x4e, X1, X2
	VPXOR        X2, X1, X1
	MOVQ         X1, R9
	MOVQ         $const_sigPhi, R10
	XORQ         (memberWalk_key+sigKey_lens)(R13), R9
	IMULQ        R10, R9
	MOVL         (memberWalk_key+sigKey_lens+8)(R13), BX
	MOVBQZX      (memberWalk_key+sigKey_bools)(R13), DX
	SHLQ         $32, DX
	ORQ          DX, BX
	XORQ         BX, R9
	IMULQ        R10, R9
	SHRQ         $52, R9
	MOVQ memberWalk_rows(R13), DI

probe:
	MOVL  (R8)(R9*4), DX // the row's index plus one, 0 when empty
	TESTL DX, DX
	JZ    doneOut
	DECL  DX
	IMUL3Q $recordSig__size, DX, R10
	ADDQ  DI, R10
	VPXOR   Y1, Y1, Y1
	SAME_SLOT(0)
	SAME_SLOT(32)
	SAME_SLOT(64)
	SAME_SLOT(96)
	SAME_SLOT(128)
	SAME_SLOT(160)
	// lens[0:4], lens[4:6], then the booleans
	MOVQ    sigKey_lens(R10), CX
	XORQ    (memberWalk_key+sigKey_lens)(R13), CX
	MOVL    (sigKey_lens+8)(R10), BX
	XORL    (memberWalk_key+sigKey_lens+8)(R13), BX
	ORQ     BX, CX
	MOVBLZX sigKey_bools(R10), BX
	XORB    (memberWalk_key+sigKey_bools)(R13), BX
	ORQ     BX, CX
	VPTEST  Y1, Y1
	JNZ     probeNext
	TESTQ   CX, CX
	JZ      found

probeNext:
	INCQ    R9
	ANDQ    $(const_nSigCache-1), R9
	JMP     probe

found:
	MOVL DX, memberWalk_row(R13)

	// With room in the batch and the next record's first key at once
	// after the brace ('}' ',' '{' '"'), the record goes to the batch
	// (its row, its brace, its eventTime's offsets or 0, 0) and the walk
	// goes on with the next one.
	MOVQ memberWalk_nbatch(R13), CX
	CMPQ CX, memberWalk_capBatch(R13)
	JGE  doneOut
	MOVQ memberWalk_a(R13), AX
	CMPL (SI)(AX*1), $0x227b2c7d
	JNE  doneOut
	SHLQ $4, CX
	MOVL DX, memberWalk_batch(R13)(CX*1)
	MOVL AX, memberWalk_batch+4(R13)(CX*1)
	XORL BX, BX
	XORL R8, R8
	MOVL memberWalk_set(R13), DX
	MOVL memberWalk_lit(R13), R10
	NOTL R10
	ANDL R10, DX
	BTL  $const_fTime, DX
	JCC  noTime
	MOVL (memberWalk_at+const_fTime*8)(R13), BX
	MOVL (memberWalk_at+const_fTime*8+4)(R13), R8

noTime:
	MOVL BX, memberWalk_batch+8(R13)(CX*1)
	MOVL R8, memberWalk_batch+12(R13)(CX*1)
	INCQ memberWalk_nbatch(R13)
	MOVQ memberWalk_m(R13), R8
	LEAQ 3(AX), R10 // the next record's first key
	// R11 and R12 are still after the brace: the key at R10 ends at their
	// next mark.
	JMP record

doneOut:
	VZEROUPPER
	MOVB $1, end+8(FP)
	RET

stop:
	MOVQ R10, memberWalk_i(R13)
	MOVL R9, DX
	ANDL $0xffff, DX
	MOVL DX, memberWalk_set(R13)
	SHRL $16, R9
	MOVL R9, memberWalk_lit(R13)
	MOVB $0, end+8(FP)
	VZEROUPPER
	RET

	// Block crossings: the next block with a mark of the kind, or stop.
keCross:
	NEXT_BLOCK(0)
	JZ   keCross
	BSFQ R12, AX
	JMP  keFound

veCross:
	NEXT_BLOCK(0)
	JZ   veCross
	BSFQ R12, CX
	JMP  veFound

veCrossKept:
	NEXT_BLOCK(0)
	JZ   veCrossKept
	BSFQ R12, CX
	JMP  veFoundKept

brCross:
	NEXT_BLOCK(8)
	JZ  brCross
	JMP brFound

// The lanes' rotations of sigKey.place (sigLaneRot), as shifts left and
// right.
DATA laneShl<>+0(SB)/8, $0
DATA laneShl<>+8(SB)/8, $const_sigLaneRot1
DATA laneShl<>+16(SB)/8, $const_sigLaneRot2
DATA laneShl<>+24(SB)/8, $const_sigLaneRot3
GLOBL laneShl<>(SB), RODATA|NOPTR, $32
DATA laneShr<>+0(SB)/8, $64
DATA laneShr<>+8(SB)/8, $(64-const_sigLaneRot1)
DATA laneShr<>+16(SB)/8, $(64-const_sigLaneRot2)
DATA laneShr<>+24(SB)/8, $(64-const_sigLaneRot3)
GLOBL laneShr<>(SB), RODATA|NOPTR, $32
