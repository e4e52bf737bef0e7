# evstudy figure: equity curve and drawdown
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.pdf'" FILE.gp
if (!exists("outfile")) outfile = 'out/equity.pdf'
set terminal pdfcairo size 8.333in,5.208in noenhanced font 'Sans,10' linewidth 1.2
set output outfile
set border 3 back lc rgb '#404040'
set tics nomirror out scale 0.6
set grid back lc rgb '#d4d4d4' lw 1 dt 1
set key outside bottom center horizontal reverse Left nobox samplen 3 spacing 1.1 width 1 height 1
set linetype 1 lc rgb '#000000' lw 2 dt 1 pt 7 ps 1
set linetype 2 lc rgb '#0072b2' lw 2 dt 2 pt 5 ps 1
set linetype 3 lc rgb '#e69f00' lw 2 dt 4 pt 9 ps 1.2
set linetype 4 lc rgb '#009e73' lw 2 dt 5 pt 11 ps 1.2
set linetype 5 lc rgb '#cc79a7' lw 2 dt 3 pt 13 ps 1.2
set linetype 6 lc rgb '#56b4e9' lw 2 dt (12,4,2,4,2,4) pt 4 ps 1
set linetype 7 lc rgb '#d55e00' lw 2 dt (2,4) pt 6 ps 1
set linetype 8 lc rgb '#7f7f7f' lw 2 dt (16,6) pt 8 ps 1
set linetype cycle 8
$equity << EOD
2024-01-02 100
2024-01-03 110

2024-01-05 99
2024-01-08 121
EOD
$dd << EOD
# date drawdown (decimal): equity / running peak - 1
2024-01-02 0
2024-01-03 0

2024-01-05 -0.1
2024-01-08 0
EOD
$start << EOD
2024-01-02 100
2024-01-08 100
EOD
set label 100 'Equity curve and drawdown: demo' at screen 0.5, screen 0.96 center font ',13'
set multiplot
set lmargin at screen 0.10
set rmargin at screen 0.97
set tmargin at screen 0.86
set bmargin at screen 0.44
set key at screen 0.5, screen 0.915 center center horizontal maxrows 1
set ylabel 'Equity'
set xdata time
set timefmt '%Y-%m-%d'
set format x '%b %d'
set xrange ['2024-01-01':'2024-01-09']
set xtics 86400
set format x ''
plot $start using 1:2 with lines lc rgb '#808080' lw 1.5 dt 3 title 'starting equity', \
     $equity using 1:2 with lines lc rgb '#0072b2' lw 2 dt 1 title 'equity'
unset key
unset label 100
set tmargin at screen 0.40
set bmargin at screen 0.14
set ylabel 'Drawdown (%)'
set yrange [*:0]
set xdata time
set timefmt '%Y-%m-%d'
set format x '%b %d'
set xrange ['2024-01-01':'2024-01-09']
set xtics 86400
set xlabel 'Date, 2024'
set style fill solid 1.0 noborder
plot $dd using 1:($2*100) with filledcurves y=0 fc rgb '#c8c8c8' notitle, \
     $dd using 1:($2*100) with lines lc rgb '#000000' lw 1.5 dt 1 notitle
unset multiplot
unset output
