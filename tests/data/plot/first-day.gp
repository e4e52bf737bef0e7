# evstudy figure: first-day returns
# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:
#   gnuplot -e "outfile='other.png'" FILE.gp
if (!exists("outfile")) outfile = 'out/first-day.png'
set terminal pngcairo size 960,600 noenhanced font 'Sans,11' linewidth 1.2 background '#ffffff'
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
$open << EOD
# x return (decimal)
-0.27 0.5
EOD
$close << EOD
# x return (decimal)
0 0.25
1 -0.1
EOD
$high << EOD
# x return (decimal)
0.27 1
1.27 0.2
EOD
set title 'First-day return over the offer price: 2 listings' font ',13'
set ylabel 'Return over the offer price (%)'
set xzeroaxis lt -1 lw 1
set xrange [-0.6:1.6]
set boxwidth 0.25 absolute
set grid noxtics ytics
set xtics scale 0 ('Moore Threads' 0, 'x'' ; system(''touch pwned'') ; ''' 1)
plot $open using 1:($2*100) with boxes fc rgb '#e69f00' fs solid 1.0 border lc rgb '#303030' dt 1 title 'offer to open', \
     $open using 1:($2 >= 0 ? $2*100 : 0):(sprintf('%+.0f%%', $2*100)) with labels offset 0,0.7 font ',9' notitle, \
     $close using 1:($2*100) with boxes fc rgb '#0072b2' fs solid 1.0 border lc rgb '#303030' dt 1 title 'offer to close', \
     $close using 1:($2 >= 0 ? $2*100 : 0):(sprintf('%+.0f%%', $2*100)) with labels offset 0,0.7 font ',9' notitle, \
     $high using 1:($2*100) with boxes fc rgb '#d55e00' fs pattern 4 border lc rgb '#303030' dt 1 title 'offer to high', \
     $high using 1:($2 >= 0 ? $2*100 : 0):(sprintf('%+.0f%%', $2*100)) with labels offset 0,0.7 font ',9' notitle
unset output
